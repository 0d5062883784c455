-- Each scheduled job (escalation of overdue cases, deadline checks, reports, tallies) runs on one node at a time
-- (ShedLock's JDBC provider, issue 11). The time columns are the database's clock, so nodes whose clocks drift
-- still agree on when a lock ends.
create table shedlock (
    name        varchar(64) primary key,
    lock_until  timestamptz not null,
    locked_at   timestamptz not null,
    locked_by   varchar(255) not null
);
