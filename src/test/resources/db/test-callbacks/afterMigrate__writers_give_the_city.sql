-- In the test suite every writer must give city_id itself (issue 11, part 4): Citus routes an insert by it before
-- any trigger could fill it. The fill triggers of V54 stay for plain PostgreSQL; here a guard that runs before them
-- refuses a row without its city, unless a test allows the fill (set local xingfu.city_fill = 'on').
-- One guard for what a writer must give: the column named first, and when a second column is named, only on rows
-- where that column (the parent) is set.
create or replace function xf_given() returns trigger language plpgsql as $$
declare
    row jsonb := to_jsonb(new);
begin
    if current_setting('xingfu.city_fill', true) is distinct from 'on' and row ->> tg_argv[0] is null
       and (tg_nargs = 1 or row ->> tg_argv[1] is not null) then
        raise not_null_violation using message = format('%s: the writer did not give %s', tg_table_name, tg_argv[0]);
    end if;
    return new;
end $$;

do $$
declare t text;
begin
    for t in select tgrelid::regclass::text from pg_trigger where tgname = 'xf_city_id' and tgparentid = 0 loop
        execute format('drop trigger if exists xf_city_given on %s', t);
        execute format('create trigger xf_city_given before insert on %s for each row execute function xf_given(''city_id'')', t);
    end loop;
end $$;

-- A new node's path and city come from its parent. The trigger of V1 computes them and stays for plain PostgreSQL,
-- but Citus routes the row by the city the writer gives, so here the writer must give both, and right.
create or replace function xf_node_given() returns trigger language plpgsql as $$
declare
    expected_path text;
    expected_city bigint;
begin
    if current_setting('xingfu.city_fill', true) is distinct from 'on' then
        if new.parent_id is null then
            expected_path := '/' || new.id || '/';
            expected_city := new.id;
        else
            select path || new.id || '/', city_id into expected_path, expected_city from org_node where id = new.parent_id;
        end if;
        if new.path is distinct from expected_path or new.city_id is distinct from expected_city then
            raise check_violation using message = format('org_node %s: the writer gave path %s and city %s, not %s and %s',
                new.id, new.path, new.city_id, expected_path, expected_city);
        end if;
    end if;
    return new;
end $$;
drop trigger if exists org_node_given on org_node;
create trigger org_node_given before insert on org_node for each row execute function xf_node_given();

-- The times that tie a row to its parent's month (V49, V50) are given by the writers too; the triggers that fill
-- them stay for plain PostgreSQL.
do $$
declare t text;
begin
    foreach t in array array['req_event', 'req_photo', 'req_summons', 'req_idempotency', 'req_origin'] loop
        execute format('drop trigger if exists a_time_given on %I', t);
        execute format('create trigger a_time_given before insert on %I for each row '
                       'execute function xf_given(''request_submitted_at'', ''request_id'')', t);
    end loop;
end $$;
drop trigger if exists a_time_given on grd_log_photo;
create trigger a_time_given before insert on grd_log_photo
    for each row execute function xf_given('log_logged_at', 'log_id');
drop trigger if exists a_time_given on req_request;
create trigger a_time_given before insert or update of merged_into on req_request
    for each row execute function xf_given('merged_into_submitted_at', 'merged_into');
