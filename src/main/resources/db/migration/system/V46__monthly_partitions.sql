-- History that grows for years (issue 11) is partitioned by month: one partition per calendar month of China
-- (Asia/Shanghai), named <table>_yYYYYmMM. This makes the partitions of a range-partitioned table from one month
-- to some months ahead; the application calls it at start and daily (MonthlyPartitions), migrations for the past.
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
            execute format('create table %I partition of %s for values from (%L) to (%L)', name, parent,
                           (m::timestamp at time zone 'Asia/Shanghai'),
                           ((m + interval '1 month')::timestamp at time zone 'Asia/Shanghai'));
            made := made + 1;
        end if;
        m := (m + interval '1 month')::date;
    end loop;
    return made;
end $$;
