-- Accounts opened by staff get a one-time password that must be changed at the first login.
alter table idn_account add column must_change_password boolean not null default false;
alter table idn_account add constraint idn_account_person_uk unique (person_id);
