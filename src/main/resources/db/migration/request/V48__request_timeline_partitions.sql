-- The timeline of every case, partitioned by month of its entries (issue 11). An entry is never earlier than its
-- case's submission, so a case's timeline is read from the months since then only (RequestRepository.timeline).
-- A sequence rather than an identity column: PostgreSQL 15 has no identity columns on partitioned tables.
alter table req_event rename to req_event_unpartitioned;
alter index req_event_request_idx rename to req_event_unpartitioned_request_idx;
create sequence req_event_entry_seq;
select setval('req_event_entry_seq', coalesce((select max(id) from req_event_unpartitioned), 0) + 1, false);

create table req_event (
    id          bigint not null default nextval('req_event_entry_seq'),
    request_id  bigint not null references req_request (id),
    at          timestamptz not null,
    actor       varchar(50) not null,
    type        varchar(20) not null,
    from_status varchar(12),
    to_status   varchar(12),
    note        varchar(1000),
    internal    boolean not null default false,
    target      varchar(100),
    primary key (id, at)
) partition by range (at);
alter sequence req_event_entry_seq owned by req_event.id;

select xf_ensure_monthly_partitions('req_event',
    coalesce((select min(at) at time zone 'Asia/Shanghai' from req_event_unpartitioned), now() at time zone 'Asia/Shanghai')::date, 3);
create table req_event_default partition of req_event default;

insert into req_event (id, request_id, at, actor, type, from_status, to_status, note, internal, target)
select id, request_id, at, actor, type, from_status, to_status, note, internal, target from req_event_unpartitioned;
drop table req_event_unpartitioned;
create index req_event_request_idx on req_event (request_id, id);
