-- Field logs partitioned by month of logging (issue 11). The primary key becomes (id, logged_at). A retried log
-- (same person, same Idempotency-Key) must stay refused across months, which a partitioned table's unique index
-- cannot do: the keys move to grd_log_key, one narrow row a key, written by a trigger in the log's own transaction.
-- A photo points at its log by id and logging time (filled by a trigger, like the requests' rows in V49).
alter table grd_log_photo drop constraint grd_log_photo_log_id_fkey;
alter table grd_log rename to grd_log_unpartitioned;
create table grd_log (like grd_log_unpartitioned including defaults including constraints)
    partition by range (logged_at);
alter table grd_log add primary key (id, logged_at);
alter table grd_log add foreign key (grid_id) references org_grid (id);
alter table grd_log add foreign key (node_id) references org_node (id);

select xf_ensure_monthly_partitions('grd_log',
    least((select min(logged_at) at time zone 'Asia/Shanghai' from grd_log_unpartitioned),
          (now() - interval '12 months') at time zone 'Asia/Shanghai')::date, 3);
create table grd_log_default partition of grd_log default;
insert into grd_log select * from grd_log_unpartitioned;

create sequence grd_log_seq;
select setval('grd_log_seq', coalesce((select max(id) from grd_log_unpartitioned), 0) + 1, false);
drop table grd_log_unpartitioned;
alter table grd_log alter column id set default nextval('grd_log_seq');
alter sequence grd_log_seq owned by grd_log.id;

create index grd_log_path_idx on grd_log (node_path, logged_at desc);
create index grd_log_grid_idx on grd_log (grid_id, logged_at desc);
create index grd_log_care_idx on grd_log (care_id, logged_at desc) where care_id is not null;
create index grd_log_by_idx on grd_log (logged_by, logged_at desc);

create table grd_log_key (
    logged_by        varchar(50) not null,
    idempotency_key  varchar(100) not null,
    log_id           bigint not null,
    logged_at        timestamptz not null,
    primary key (logged_by, idempotency_key),
    foreign key (log_id, logged_at) references grd_log (id, logged_at) on delete cascade
);
insert into grd_log_key select logged_by, idempotency_key, id, logged_at from grd_log where idempotency_key is not null;

-- a second log with a key already used raises a unique violation (SQLSTATE 23505), as grd_log_idem_uk did
create function xf_grid_log_key() returns trigger language plpgsql as $$
begin
    insert into grd_log_key (logged_by, idempotency_key, log_id, logged_at)
    values (new.logged_by, new.idempotency_key, new.id, new.logged_at);
    return null;
end $$;
create trigger grd_log_key after insert on grd_log
    for each row when (new.idempotency_key is not null) execute function xf_grid_log_key();

alter table grd_log_photo add column log_logged_at timestamptz;
update grd_log_photo p set log_logged_at = l.logged_at from grd_log l where l.id = p.log_id;
alter table grd_log_photo alter column log_logged_at set not null;
alter table grd_log_photo add foreign key (log_id, log_logged_at) references grd_log (id, logged_at) on delete cascade;
create function xf_grid_log_logged_at() returns trigger language plpgsql as $$
begin
    if new.log_logged_at is null then
        select l.logged_at into new.log_logged_at from grd_log l where l.id = new.log_id;
        if not found then
            raise foreign_key_violation using message = format('field log %s does not exist', new.log_id);
        end if;
    end if;
    return new;
end $$;
create trigger grd_log_photo_logged_at before insert on grd_log_photo
    for each row execute function xf_grid_log_logged_at();
