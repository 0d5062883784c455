-- A submission time corrected by hand (a case entered late from a paper register, say): the request moves to its
-- month, and the rows that point at it by (id, submitted_at, city_id) follow. Since V57 the keys take no action on
-- update (Citus refuses a cascade on a key that holds the distribution column), so the request and every row that
-- points at it change in one statement: the keys are checked at its end and see them moved together. One statement
-- also keeps it on one node on Citus: every part names the request's city.
--   select req_move_submission(<request id>, <city id>, '<new submission time>');
-- Returns the number of requests moved: 1, or 0 when the request is not in that city.
create function req_move_submission(p_request bigint, p_city bigint, p_submitted_at timestamptz) returns bigint
language sql as $$
    with moved as (
        update req_request set submitted_at = p_submitted_at
         where id = p_request and city_id = p_city
        returning id, submitted_at, city_id),
    timeline as (
        update req_event c set request_submitted_at = m.submitted_at from moved m
         where c.request_id = m.id and c.city_id = m.city_id),
    photos as (
        update req_photo c set request_submitted_at = m.submitted_at from moved m
         where c.request_id = m.id and c.city_id = m.city_id),
    summonses as (
        update req_summons c set request_submitted_at = m.submitted_at from moved m
         where c.request_id = m.id and c.city_id = m.city_id),
    keys as (
        update req_idempotency c set request_submitted_at = m.submitted_at from moved m
         where c.request_id = m.id and c.city_id = m.city_id),
    origins as (
        update req_origin c set request_submitted_at = m.submitted_at from moved m
         where c.request_id = m.id and c.city_id = m.city_id),
    merged as (
        update req_request c set merged_into_submitted_at = m.submitted_at from moved m
         where c.merged_into = m.id and c.city_id = m.city_id)
    select count(*) from moved
$$;
