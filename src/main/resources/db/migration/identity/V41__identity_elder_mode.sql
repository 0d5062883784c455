-- 长辈模式: large type, high contrast and fewer items, remembered for the account (and on each device by a cookie set
-- when the account signs in there).
alter table idn_account add column elder_mode boolean not null default false;
