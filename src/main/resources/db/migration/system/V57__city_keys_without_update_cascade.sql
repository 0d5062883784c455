-- Citus refuses a foreign key between distributed tables that cascades an update when the key holds the distribution
-- column: "SET NULL, SET DEFAULT or CASCADE is not supported in ON UPDATE operation when distribution key included
-- in the foreign constraint" (citusdata/citus, src/backend/distributed/commands/foreign_constraint.c,
-- EnsureSupportedFKeyOnDistKey). Since V54 every key between city tables holds city_id, so the six keys that followed
-- a request's submission time to its month by "on update cascade" (V49) would stop distribute.sql. They now take no
-- action on update; a submission time corrected by hand moves the request and what points at it by
-- req_move_submission (V58), in steps that each leave every key whole.
do $do$
declare
    k record;
begin
    for k in select c.conrelid::regclass::text as tbl, c.conname, pg_get_constraintdef(c.oid) as def
               from pg_constraint c
              where c.contype = 'f' and c.conparentid = 0 and c.confupdtype in ('c', 'n', 'd')
                and exists (select 1 from unnest(c.conkey) u(attnum) join pg_attribute a
                              on a.attrelid = c.conrelid and a.attnum = u.attnum where a.attname = 'city_id')
    loop
        execute format('alter table %s drop constraint %I', k.tbl, k.conname);
        execute format('alter table %s add constraint %I %s', k.tbl, k.conname,
                       regexp_replace(k.def, ' ON UPDATE (CASCADE|SET NULL|SET DEFAULT)( \([^)]*\))?', ''));
    end loop;
end $do$;
