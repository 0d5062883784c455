-- The audit log, partitioned by month of occurred_at (issue 11): the chain (seq, prev_hash, hash) runs across the
-- partitions as before; the sealer and the verifier read it in seq order. seq stays unique by the one sealer's
-- advisory lock (and the verifier finds a gap or a repeat); the index can no longer say so on its own, because a
-- unique index of a partitioned table must hold the partition key.
alter sequence aud_entry_id_seq owned by none;
alter table aud_entry rename to aud_entry_unpartitioned;
drop trigger aud_entry_no_update on aud_entry_unpartitioned;
drop trigger aud_entry_no_truncate on aud_entry_unpartitioned;

create table aud_entry (
    id              bigint not null default nextval('aud_entry_id_seq'),
    occurred_at     timestamptz not null,
    actor           varchar(50) not null,
    action          varchar(40) not null,
    target_type     varchar(40) not null,
    target_id       varchar(40) not null,
    node_path       varchar(200) collate "C",
    source_address  varchar(64),
    detail          varchar(500),
    prev_hash       char(64),
    hash            char(64),
    xid             xid8 not null default pg_current_xact_id(),
    seq             bigint,
    primary key (id, occurred_at)
) partition by range (occurred_at);

select xf_ensure_monthly_partitions('aud_entry',
    coalesce((select min(occurred_at) at time zone 'Asia/Shanghai' from aud_entry_unpartitioned), now() at time zone 'Asia/Shanghai')::date, 3);
-- a safety net: an entry outside every month made (a clock far off) is kept rather than refused
create table aud_entry_default partition of aud_entry default;

insert into aud_entry (id, occurred_at, actor, action, target_type, target_id, node_path, source_address, detail,
                       prev_hash, hash, xid, seq)
select id, occurred_at, actor, action, target_type, target_id, node_path, source_address, detail,
       prev_hash, hash, xid, seq
  from aud_entry_unpartitioned;
drop table aud_entry_unpartitioned;
alter sequence aud_entry_id_seq owned by aud_entry.id;

create index aud_entry_path_idx on aud_entry (node_path, id);
create index aud_entry_occurred_idx on aud_entry (occurred_at);
create index aud_entry_seq_idx on aud_entry (seq);
create index aud_entry_unsealed_idx on aud_entry (id) where hash is null;

create trigger aud_entry_no_update before update or delete on aud_entry
    for each row execute function aud_entry_immutable();
create trigger aud_entry_no_truncate before truncate on aud_entry
    for each statement execute function aud_entry_immutable();
