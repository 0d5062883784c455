-- The application's role has no DDL rights (issue 24), yet the months ahead are made at start and nightly
-- (MonthlyPartitions): the function that makes them runs as its owner. A month of the audit log comes with the
-- audit log's privileges (afterMigrate__grants.sql): rows are added and sealed, never changed or removed.
create or replace function xf_ensure_monthly_partitions(parent regclass, from_day date, months_ahead int)
    returns int language plpgsql security definer set search_path = pg_catalog, public as $$
declare
    m     date := date_trunc('month', from_day)::date;
    last  date := (date_trunc('month', (now() at time zone 'Asia/Shanghai')) + make_interval(months => months_ahead))::date;
    name  text;
    made  int := 0;
begin
    if (select relnamespace from pg_class where oid = parent) <> 'public'::regnamespace then
        raise exception 'xf_ensure_monthly_partitions: % is not a table of the application', parent;
    end if;
    while m <= last loop
        name := parent::text || '_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM');
        if to_regclass('public.' || quote_ident(name)) is null then
            begin
                execute format('create table public.%I partition of %s for values from (%L) to (%L)', name, parent,
                               (m::timestamp at time zone 'Asia/Shanghai'),
                               ((m + interval '1 month')::timestamp at time zone 'Asia/Shanghai'));
                if parent = 'aud_entry'::regclass and exists (select from pg_roles where rolname = 'xingfu_app') then
                    execute format('revoke update, delete, truncate on public.%I from xingfu_app', name);
                    execute format('grant update (seq, prev_hash, hash) on public.%I to xingfu_app', name);
                end if;
                made := made + 1;
            exception when check_violation then
                raise warning 'month % of % not made: its rows are in the default partition (%)', m, parent, sqlerrm;
            end;
        end if;
        m := (m + interval '1 month')::date;
    end loop;
    return made;
end $$;
