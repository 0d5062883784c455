-- In the test suite every writer must give city_id itself (issue 11, part 4): Citus routes an insert by it before
-- any trigger could fill it. The fill triggers of V54 stay for plain PostgreSQL; here a guard that runs before them
-- refuses a row without its city, unless a test allows the fill (set local xingfu.city_fill = 'on').
create or replace function xf_city_given() returns trigger language plpgsql as $$
begin
    if new.city_id is null and current_setting('xingfu.city_fill', true) is distinct from 'on' then
        raise not_null_violation using message = format('%s: the writer did not give city_id', tg_table_name);
    end if;
    return new;
end $$;

do $$
declare t text;
begin
    for t in select tgrelid::regclass::text from pg_trigger where tgname = 'xf_city_id' and tgparentid = 0 loop
        execute format('drop trigger if exists xf_city_given on %s', t);
        execute format('create trigger xf_city_given before insert on %s for each row execute function xf_city_given()', t);
    end loop;
end $$;
