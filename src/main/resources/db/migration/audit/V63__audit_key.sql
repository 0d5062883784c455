-- The audit chain is keyed (issue 24, part 8): each entry's hash is an HMAC under a key kept in a file outside the
-- database. The database keeps only the key's fingerprint and the first chain position it covers, so a node started
-- with another key (or none) seals nothing instead of a chain that cannot be verified. Verification trusts the key
-- file, not this row.
create table aud_key (
    fingerprint     char(64) primary key,
    keyed_from_seq  bigint not null,
    created_at      timestamptz not null default now()
);
