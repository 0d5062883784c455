-- Open cases in due order: lets a queue page of 20 walk the due-time order and stop, instead of sorting every
-- open case of a large area.
create index req_request_open_due_order_idx on req_request (resolve_due_at, id)
    where status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS');
