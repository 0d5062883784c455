-- Parts the developer has not sold or delivered: for owners' votes they count once together by head (domain.md 6).
alter table org_household add column developer_held boolean not null default false;
