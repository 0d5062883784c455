-- Stand-ins for the three Citus functions that distribute.sql calls, for CitusScriptTests (no Citus is reachable from
-- the build machines). They record each placement in citus_placed and refuse what Citus itself refuses when it
-- places a table, with Citus's messages. The rules are read from Citus's sources (citusdata/citus):
--   src/backend/distributed/commands/create_distributed_table.c  EnsureRelationCanBeDistributed: a partition only
--       with its parent, no partitioned partitions, co-location only with a hash-distributed table of the same
--       column type, no table placed twice;
--   src/backend/distributed/commands/table.c  ErrorIfUnsupportedConstraint: every primary key, unique and exclusion
--       index of a distributed table holds the distribution column;
--   src/backend/distributed/commands/foreign_constraint.c  ErrorIfUnsupportedForeignConstraintExists and
--       EnsureSupportedFKeyOnDistKey: a key points at a placed table; between distributed tables only co-located and
--       on the distribution column at the same position on both sides; a key holding the distribution column never
--       sets null or default on delete, nor sets null, default or cascades on update; a reference table points only
--       at reference tables; a table added to the metadata only at tables already in it;
--   citusdata/citus#6808: identity columns of distributed tables are bigint.
-- They run in a transaction that the test rolls back.
create temporary table citus_placed (n serial, tbl text unique, kind text, col text, colocate text, grp text);

create function citus_refuse_unplaced_keys(t regclass, allowed text[], message text) returns void language plpgsql as $$
declare
    k record;
begin
    for k in select c.conname, c.confrelid::regclass::text as ref, c.confdeltype, c.confupdtype
               from pg_constraint c where c.conrelid = t and c.contype = 'f' and c.conparentid = 0
                and c.confrelid <> c.conrelid loop
        if not exists (select 1 from citus_placed p where p.tbl = k.ref and p.kind = any (allowed)) then
            raise exception '%: % (key % of %)', message, k.ref, k.conname, t;
        end if;
    end loop;
end $$;

-- a reference table, or a local table added to the metadata: placed once, its keys only at tables placed already
create function citus_place(t regclass, kind text, allowed text[], message text) returns void language plpgsql as $$
begin
    if exists (select 1 from citus_placed where tbl = t::text) then
        raise exception 'table "%" is already distributed or added to metadata', t;
    end if;
    perform citus_refuse_unplaced_keys(t, allowed, message);
    insert into citus_placed (tbl, kind) values (t::text, kind);
end $$;

create function create_reference_table(t regclass) returns void language sql as $$
    select citus_place(t, 'reference', array['reference'],
        'cannot create foreign key constraint since foreign keys from reference tables to distributed tables are not supported')
$$;

create function citus_add_local_table_to_metadata(t regclass) returns void language sql as $$
    select citus_place(t, 'local', array['reference', 'local'],
        'cannot create foreign key constraint as the referenced table is a postgres local table or distributed')
$$;

create function create_distributed_table(t regclass, col text, colocate_with text default 'default')
returns void language plpgsql as $$
declare
    dist smallint;
    dist_type text;
    group_name text;
    k record;
    referenced record;
    referencing_at int;
    referenced_at int;
begin
    if exists (select 1 from citus_placed where tbl = t::text) then
        raise exception 'table "%" is already distributed', t;
    end if;
    if (select relispartition from pg_class where oid = t) then
        raise exception 'cannot distribute relation "%" which is partition of "%"', t,
            (select inhparent::regclass from pg_inherits where inhrelid = t);
    end if;
    if exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = t and c.relkind = 'p') then
        raise exception 'distributing multi-level partitioned tables is not supported (%)', t;
    end if;
    select attnum, format_type(atttypid, atttypmod) into dist, dist_type from pg_attribute
     where attrelid = t and attname = col and not attisdropped;
    if dist is null then
        raise exception 'column "%" of relation "%" does not exist', col, t;
    end if;
    if colocate_with = 'default' then
        group_name := t::text;
    else
        select p.grp into group_name from citus_placed p where p.tbl = colocate_with and p.kind = 'distributed';
        if group_name is null then
            raise exception 'cannot distribute relation: colocate_with % is not a hash distributed table', colocate_with;
        end if;
        if (select format_type(a.atttypid, a.atttypmod) from citus_placed p join pg_attribute a
              on a.attrelid = p.tbl::regclass and a.attname = p.col where p.tbl = colocate_with) <> dist_type then
            raise exception 'cannot colocate tables % and %: distribution column types don''t match', colocate_with, t;
        end if;
    end if;
    -- ErrorIfUnsupportedConstraint
    for k in select i.indexrelid::regclass as idx from pg_index i
              where i.indrelid = t and (i.indisunique or i.indisexclusion) and not (dist = any (i.indkey::smallint[])) loop
        raise exception 'cannot create constraint on "%": distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column (index %)', t, k.idx;
    end loop;
    for k in select attname, format_type(atttypid, atttypmod) as type from pg_attribute
              where attrelid = t and attidentity <> '' and atttypid <> 'bigint'::regtype loop
        raise exception 'cannot distribute relation "%": identity column % is %, not bigint', t, k.attname, k.type;
    end loop;
    -- ErrorIfUnsupportedForeignConstraintExists
    for k in select c.conname, c.confrelid, c.confrelid = c.conrelid as self, c.conkey, c.confkey, c.confdeltype,
                    c.confupdtype
               from pg_constraint c where c.conrelid = t and c.contype = 'f' and c.conparentid = 0 loop
        if k.self then
            select 'distributed' as kind, col, group_name as grp into referenced;
        else
            select p.kind, p.col, p.grp into referenced from citus_placed p where p.tbl = k.confrelid::regclass::text;
        end if;
        if referenced.kind is null or referenced.kind = 'local' then
            raise exception 'referenced table "%" must be a distributed table or a reference table (key % of %)',
                k.confrelid::regclass, k.conname, t;
        end if;
        if referenced.kind = 'distributed' and referenced.grp <> group_name then
            raise exception 'cannot create foreign key constraint since relations are not colocated or not referencing a reference table (key % of %)', k.conname, t;
        end if;
        referencing_at := array_position(k.conkey, dist);
        if referencing_at is not null then
            if k.confdeltype in ('n', 'd') then
                raise exception 'cannot create foreign key constraint: SET NULL or SET DEFAULT is not supported in ON DELETE operation when distribution key is included in the foreign key constraint (key % of %)', k.conname, t;
            end if;
            if k.confupdtype in ('n', 'd', 'c') then
                raise exception 'cannot create foreign key constraint: SET NULL, SET DEFAULT or CASCADE is not supported in ON UPDATE operation when distribution key included in the foreign constraint (key % of %)', k.conname, t;
            end if;
        end if;
        if referenced.kind = 'distributed' then
            referenced_at := array_position(k.confkey,
                (select attnum from pg_attribute where attrelid = k.confrelid and attname = referenced.col));
            if referencing_at is null or referenced_at is distinct from referencing_at then
                raise exception 'cannot create foreign key constraint: foreign keys are supported in two cases, either in between two colocated tables including partition column in the same ordinal in the both tables or from distributed to reference tables (key % of %)', k.conname, t;
            end if;
        end if;
    end loop;
    insert into citus_placed (tbl, kind, col, colocate, grp) values (t::text, 'distributed', col, colocate_with, group_name);
end $$;
