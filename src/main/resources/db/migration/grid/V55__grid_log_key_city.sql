-- The key a field log is stored under carries the log's city (V54), given by the trigger that writes it, like the
-- application gives it for every other row: Citus routes a row by its city before any trigger could fill it in.
create or replace function xf_grid_log_key() returns trigger language plpgsql as $$
begin
    insert into grd_log_key (logged_by, idempotency_key, log_id, logged_at, city_id)
    values (new.logged_by, new.idempotency_key, new.id, new.logged_at, new.city_id);
    return null;
end $$;
