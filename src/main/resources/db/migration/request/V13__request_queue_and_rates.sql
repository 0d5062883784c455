-- The staff queue reads open cases of an area in due order: a partial index over the open ones only.
create index req_request_open_path_idx on req_request (node_path, resolve_due_at)
    where status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS');

-- Daily tallies per compound behind the three rates, refreshed by RatesRollup; the days after rolled_until are
-- counted live. A day is the Asia/Shanghai calendar day the requests were received.
create table req_rates_daily (
    compound_id   bigint not null,
    compound_path varchar(200) collate "C" not null,
    day           date not null,
    received      integer not null,
    responded     integer not null,
    resolved      integer not null,
    rated         integer not null,
    satisfied     integer not null,
    basically     integer not null,
    primary key (compound_id, day)
);
create index req_rates_daily_path_idx on req_rates_daily (compound_path, day);
create table req_rates_rollup (
    id            integer primary key check (id = 1),
    rolled_until  date not null
);
insert into req_rates_rollup (id, rolled_until) values (1, date '1970-01-01');
