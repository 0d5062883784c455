-- Audit entries are written in the transaction of the action they record (so none is lost and no lock is held),
-- and sealed into the hash chain shortly after by one sealer: it takes the entries of finished transactions in
-- id order, gives each the next chain position (seq) and hashes it together with the previous entry's hash.
create sequence aud_entry_id_seq;
select setval('aud_entry_id_seq', coalesce((select max(id) from aud_entry), 0) + 1, false);
alter table aud_entry alter column id set default nextval('aud_entry_id_seq');
alter sequence aud_entry_id_seq owned by aud_entry.id;

alter table aud_entry add column xid xid8 not null default pg_current_xact_id();
alter table aud_entry add column seq bigint;
alter table aud_entry alter column prev_hash drop not null;
alter table aud_entry alter column hash drop not null;

drop trigger aud_entry_no_update on aud_entry;
update aud_entry set seq = id;
create unique index aud_entry_seq_uk on aud_entry (seq);
create index aud_entry_unsealed_idx on aud_entry (id) where hash is null;

-- The one update allowed: sealing an unsealed entry, touching nothing but its chain fields.
create or replace function aud_entry_immutable() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.hash is null and new.hash is not null
       and new.id = old.id and new.occurred_at = old.occurred_at and new.actor = old.actor
       and new.action = old.action and new.target_type = old.target_type and new.target_id = old.target_id
       and new.node_path is not distinct from old.node_path and new.source_address is not distinct from old.source_address
       and new.detail is not distinct from old.detail and new.xid = old.xid then
        return new;
    end if;
    raise exception 'the audit log is append-only';
end $$;
create trigger aud_entry_no_update before update or delete on aud_entry
    for each row execute function aud_entry_immutable();
