-- Requests partitioned by month of submission (issue 11), like their timeline (V48). A partitioned table's keys must
-- hold its partition key, so the primary key becomes (id, submitted_at), and every table that points at a request
-- carries the request's submission time beside its id. A trigger fills it when the writer leaves it out and refuses
-- a request that does not exist, as the foreign key did; the foreign keys themselves are (id, submitted_at).
-- Looking a request up by id alone probes each month's primary-key index: a dozen index probes a year.

-- the foreign keys into the old table go first; they come back on the new one below
do $$
declare c record;
begin
    for c in select conrelid::regclass as tbl, conname from pg_constraint
              where contype = 'f' and confrelid = 'req_request'::regclass and conparentid = 0 loop
        execute format('alter table %s drop constraint %I', c.tbl, c.conname);
    end loop;
end $$;

alter table req_request rename to req_request_unpartitioned;
create table req_request (like req_request_unpartitioned including defaults including constraints)
    partition by range (submitted_at);
-- a merged case points at the case it joined, by that case's id and submission time
alter table req_request add column merged_into_submitted_at timestamptz;
alter table req_request add primary key (id, submitted_at);
alter table req_request add foreign key (node_id) references org_node (id);
alter table req_request add foreign key (compound_id) references org_node (id);
alter table req_request add foreign key (level_node_id) references org_node (id);
alter table req_request add foreign key (category) references req_category (code);
alter table req_request add foreign key (resident_person_id) references org_person (id);

-- from the first request, and at least the past year: a new installation that loads its history finds its months
select xf_ensure_monthly_partitions('req_request',
    least((select min(submitted_at) at time zone 'Asia/Shanghai' from req_request_unpartitioned),
          (now() - interval '12 months') at time zone 'Asia/Shanghai')::date, 3);
-- a safety net: a month the application has not made yet (xf_ensure_monthly_partitions runs at start and nightly)
create table req_request_default partition of req_request default;

insert into req_request
select u.*, m.submitted_at from req_request_unpartitioned u left join req_request_unpartitioned m on m.id = u.merged_into;

-- the identity's sequence goes with the old table; PostgreSQL 15 has no identity on a partitioned table
create sequence req_request_seq;
select setval('req_request_seq', coalesce((select max(id) from req_request_unpartitioned), 0) + 1, false);
drop table req_request_unpartitioned;
alter table req_request alter column id set default nextval('req_request_seq');
alter sequence req_request_seq owned by req_request.id;

create index req_request_path_idx on req_request (node_path, submitted_at);
create index req_request_open_due_idx on req_request (accept_due_at) where status = 'SUBMITTED';
create index req_request_queue_idx on req_request (level_node_id, status, resolve_due_at);
create index req_request_submitted_idx on req_request (city_id, submitted_at);
create index req_request_resident_idx on req_request (resident_person_id, submitted_at);
create index req_request_compound_idx on req_request (compound_id, submitted_at);
create index req_request_merged_into_idx on req_request (merged_into) where merged_into is not null;
create index req_request_open_path_idx on req_request (node_path, resolve_due_at)
    include (accept_due_at, status, compound_id)
    where status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS');
create index req_request_open_due_order_idx on req_request (resolve_due_at, id)
    where status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS');
-- the oldest open case bounds the queue and the open counts to the months that still hold open cases: in a month
-- where all are closed this index is empty, so finding the bound costs one page a month
create index req_request_open_submitted_idx on req_request (submitted_at)
    where status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS');

-- Fills a row's request_submitted_at from its request, and refuses a request that does not exist (SQLSTATE 23503,
-- the foreign key's own), so writers need not know the submission time.
create function xf_request_submitted_at() returns trigger language plpgsql as $$
begin
    if new.request_submitted_at is null then
        select r.submitted_at into new.request_submitted_at from req_request r where r.id = new.request_id;
        if not found then
            raise foreign_key_violation using message = format('request %s does not exist', new.request_id);
        end if;
    end if;
    return new;
end $$;

create function xf_request_merged_into_submitted_at() returns trigger language plpgsql as $$
begin
    if new.merged_into is null then
        new.merged_into_submitted_at := null;
    elsif tg_op = 'INSERT' or new.merged_into is distinct from old.merged_into then
        select r.submitted_at into new.merged_into_submitted_at from req_request r where r.id = new.merged_into;
        if not found then
            raise foreign_key_violation using message = format('request %s does not exist', new.merged_into);
        end if;
    end if;
    return new;
end $$;
create trigger req_request_merged_into before insert or update of merged_into on req_request
    for each row execute function xf_request_merged_into_submitted_at();
-- "on update cascade": a submission time corrected by hand moves the request to its month, and the rows that point
-- at it follow (PostgreSQL 15 and later fire update actions for a row moved between partitions)
alter table req_request add foreign key (merged_into, merged_into_submitted_at) references req_request (id, submitted_at)
    on update cascade;

do $$
declare
    t text;
    cascade text;
begin
    foreach t in array array['req_event', 'req_photo', 'req_summons', 'req_idempotency', 'req_origin'] loop
        execute format('alter table %I add column request_submitted_at timestamptz', t);
        execute format('update %I c set request_submitted_at = r.submitted_at from req_request r where r.id = c.request_id', t);
        execute format('alter table %I alter column request_submitted_at set not null', t);
        -- an origin note goes with its request, as before (V32)
        cascade := case when t = 'req_origin' then ' on delete cascade' else '' end;
        execute format('alter table %I add foreign key (request_id, request_submitted_at) '
                       'references req_request (id, submitted_at) on update cascade%s', t, cascade);
        execute format('create trigger %I before insert on %I for each row execute function xf_request_submitted_at()',
                       t || '_request_submitted_at', t);
    end loop;
end $$;
