-- V49 bounded the queries of open cases by the oldest open case's submission, through this index. Measured on 10
-- million requests (bench/province/province.sh) the bound made them slower, not faster: with a condition on
-- submitted_at the planner left the covering index of open cases (req_request_open_path_idx, index-only) for this
-- one and fetched every row from the table (a community's queue count 18 ms without the bound, 170 ms with it).
-- A month whose cases are all closed costs the queue two pages of that partial index without any bound.
drop index if exists req_request_open_submitted_idx;
