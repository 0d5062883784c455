-- A field log's Idempotency-Key row (V50) is written by the application now, in the statement that stores the log,
-- with the log's city (V54): Citus routes a row by its city, and a trigger that writes another distributed table
-- is one it runs only when told that such triggers are safe.
drop trigger grd_log_key on grd_log;
drop function xf_grid_log_key();
