-- A submission time corrected by hand (a case entered late from a paper register, say): the request moves to its
-- month, and the rows that point at it by (id, submitted_at, city_id) follow. Since V57 the keys take no action on
-- update (Citus refuses a cascade on a key that holds the distribution column), so the move is made in three steps,
-- each of which leaves every key whole, as Citus needs: it checks a key within each statement it sends a node, and
-- sends a function's statements one by one.
--   1. a copy of the request at the new time (every unique key of a partitioned table holds submitted_at, so the
--      copy takes nothing from the original);
--   2. the rows that point at it, moved to the copy;
--   3. the original, which nothing points at any more, deleted.
-- Every statement names the request's city, so on Citus each runs on the one node that holds the city.
--   select req_move_submission(<request id>, <city id>, '<new submission time>');
-- Returns 1, or 0 when there is no such request in that city (nothing changes then).
create function req_move_submission(p_request bigint, p_city bigint, p_submitted_at timestamptz) returns int
language plpgsql as $$
declare
    r req_request%rowtype;
    was timestamptz;
    t text;
begin
    select * into r from req_request where id = p_request and city_id = p_city for update;
    if not found then
        return 0;
    end if;
    if r.submitted_at = p_submitted_at then
        return 1;
    end if;
    was := r.submitted_at;
    r.submitted_at := p_submitted_at;
    insert into req_request values (r.*);
    foreach t in array array['req_event', 'req_photo', 'req_summons', 'req_idempotency', 'req_origin'] loop
        execute format('update %I set request_submitted_at = $1'
                       ' where request_id = $2 and city_id = $3 and request_submitted_at = $4', t)
            using p_submitted_at, p_request, p_city, was;
    end loop;
    update req_request set merged_into_submitted_at = p_submitted_at
     where merged_into = p_request and city_id = p_city and merged_into_submitted_at = was;
    delete from req_request where id = p_request and city_id = p_city and submitted_at = was;
    return 1;
end $$;
