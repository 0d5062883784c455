-- The dashboards count open and overdue requests of a whole city grouped by compound: with the due times, status
-- and compound in the open-requests index that count is an index-only scan (bench/dashboard.sh: 465 ms from the
-- heap, 23 ms from this index, 100,000 open requests). The queue's order (node_path, resolve_due_at) is unchanged.
drop index if exists req_request_open_path_idx;
create index req_request_open_path_idx on req_request (node_path, resolve_due_at)
    include (accept_due_at, status, compound_id)
    where status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS');
