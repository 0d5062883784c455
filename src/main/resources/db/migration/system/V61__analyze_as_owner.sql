-- The application's role owns no table (issue 24: migrations run as the owner role, the server as a role without DDL
-- rights), and only a table's owner may ANALYZE it before PostgreSQL 17. The demo's history generator refreshes the
-- planner's statistics right after a bulk load through this function, which runs as its owner, on tables of this
-- schema only.
create or replace function xf_analyze(t regclass) returns void
    language plpgsql security definer set search_path = pg_catalog, public as $$
begin
    if (select relnamespace from pg_class where oid = t) <> 'public'::regnamespace then
        raise exception 'xf_analyze: % is not a table of the application', t;
    end if;
    execute format('analyze %s', t);
end $$;
revoke all on function xf_analyze(regclass) from public;
