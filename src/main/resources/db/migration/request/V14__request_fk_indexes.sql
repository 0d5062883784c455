-- Foreign keys pointing at requests need an index on the referencing side, or deleting or merging requests
-- scans the whole table once per row (found by the benchmark's clean-up of a million-row data set).
create index req_request_merged_into_idx on req_request (merged_into) where merged_into is not null;
create index req_idempotency_request_idx on req_idempotency (request_id);
