-- Issue 24, into service. A password set by someone else (the bootstrap, staff opening an account or resetting its
-- password) is a one-time password: it must be changed at the first sign-in and expires unused after
-- xingfu.identity.one-time-password-ttl (72 hours). Staff may disable an account, with a reason kept here and in the
-- audit log.
alter table idn_account add column password_expires_at timestamptz;
alter table idn_account add column disabled_reason varchar(200);
alter table idn_account add column disabled_at timestamptz;
