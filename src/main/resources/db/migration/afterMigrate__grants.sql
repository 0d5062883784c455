-- After every migration (issue 24): what the application's role may do, where there is one (xingfu_app: the embedded
-- database always; an external one as docs/operations.md sets it up). It reads and writes the data, uses the
-- sequences and calls the functions; it owns nothing and may change no table's shape. The audit log takes new
-- entries and their sealing into the chain (seq, prev_hash, hash; its trigger allows nothing else), never a change
-- or a removal. Flyway's own history is the owner's alone.
do $$
declare t record;
begin
    if not exists (select from pg_roles where rolname = 'xingfu_app') or current_user = 'xingfu_app' then
        return;
    end if;
    if pg_has_role(current_user, (select nspowner from pg_namespace where nspname = 'public'), 'MEMBER') then
        grant usage on schema public to xingfu_app;
    end if;
    grant select, insert, update, delete on all tables in schema public to xingfu_app;
    grant usage, select on all sequences in schema public to xingfu_app;
    -- the schema's own functions (those of extensions are for everyone already)
    for t in select p.oid::regprocedure as fn from pg_proc p
              where p.pronamespace = 'public'::regnamespace and p.proowner = (select oid from pg_roles where rolname = current_user)
                and p.prokind = 'f'
                and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                                 and d.deptype = 'e') loop
        execute format('grant execute on function %s to xingfu_app', t.fn);
    end loop;
    -- what the owner makes later (a month's partition, made through xf_ensure_monthly_partitions) comes with the same
    alter default privileges in schema public grant select, insert, update, delete on tables to xingfu_app;
    alter default privileges in schema public grant usage, select on sequences to xingfu_app;
    revoke insert, update, delete, truncate on flyway_schema_history from xingfu_app;
    for t in select c.oid::regclass as rel from pg_class c
              where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
                and (c.relname = 'aud_entry' or c.relname like 'aud\_entry\_%') loop
        execute format('revoke update, delete, truncate on %s from xingfu_app', t.rel);
        execute format('grant update (seq, prev_hash, hash) on %s to xingfu_app', t.rel);
    end loop;
end $$;
