-- Similar open requests of the same compound (duplicate hint): pg_trgm similarity over title and description.
-- The candidates are bounded by compound and the last weeks (index below), so no trigram index is kept on the
-- hot insert path; the database must have a UTF-8 ctype or Chinese characters are ignored.
create extension if not exists pg_trgm;
create index req_request_compound_idx on req_request (compound_id, submitted_at);
