-- Append-only, tamper-evident action log: each entry carries the SHA-256 of the previous one.
create table aud_entry (
    id              bigint primary key,
    occurred_at     timestamptz not null,
    actor           varchar(50) not null,
    action          varchar(40) not null,
    target_type     varchar(40) not null,
    target_id       varchar(40) not null,
    node_path       varchar(200) collate "C",
    source_address  varchar(64),
    detail          varchar(500),
    prev_hash       char(64) not null,
    hash            char(64) not null
);
create index aud_entry_path_idx on aud_entry (node_path, id);
create index aud_entry_occurred_idx on aud_entry (occurred_at);

create function aud_entry_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only';
end $$;
create trigger aud_entry_no_update before update or delete on aud_entry
    for each row execute function aud_entry_immutable();
create trigger aud_entry_no_truncate before truncate on aud_entry
    for each statement execute function aud_entry_immutable();
