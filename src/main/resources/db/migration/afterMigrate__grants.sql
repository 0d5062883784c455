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
    grant usage on schema public to xingfu_app;
    grant select, insert, update, delete on all tables in schema public to xingfu_app;
    grant usage, select on all sequences in schema public to xingfu_app;
    grant execute on all functions in schema public to xingfu_app;
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
