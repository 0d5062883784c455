-- A month whose rows already sit in the default partition cannot be made (PostgreSQL refuses to attach a range that
-- the default partition holds rows of). Before, that error stopped the whole run, and the months after it were not
-- made either, so new rows piled into the default partition. Now such a month is skipped with a warning, and the
-- months after it are made; docs/scale-out.md says how an operator moves the rows.
create or replace function xf_ensure_monthly_partitions(parent regclass, from_day date, months_ahead int)
    returns int language plpgsql as $$
declare
    m     date := date_trunc('month', from_day)::date;
    last  date := (date_trunc('month', (now() at time zone 'Asia/Shanghai')) + make_interval(months => months_ahead))::date;
    name  text;
    made  int := 0;
begin
    while m <= last loop
        name := parent::text || '_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM');
        if to_regclass(name) is null then
            begin
                execute format('create table %I partition of %s for values from (%L) to (%L)', name, parent,
                               (m::timestamp at time zone 'Asia/Shanghai'),
                               ((m + interval '1 month')::timestamp at time zone 'Asia/Shanghai'));
                made := made + 1;
            exception when check_violation then
                raise warning 'month % of % not made: its rows are in the default partition (%)', m, parent, sqlerrm;
            end;
        end if;
        m := (m + interval '1 month')::date;
    end loop;
    return made;
end $$;
