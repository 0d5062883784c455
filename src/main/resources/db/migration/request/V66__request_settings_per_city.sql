-- Settings belong to one city (issue 24): a city administrator changes the time limits, the reopen window and the
-- weights of their own city. The rows there are the installation's defaults (city 0), which a city follows until it
-- sets its own. The business calendar (public holidays and make-up working days) stays national.
alter table req_setting add column city_id bigint not null default 0;
alter table req_setting drop constraint req_setting_pkey;
alter table req_setting add primary key (city_id, name);

alter table req_time_limit add column city_id bigint not null default 0;
alter table req_time_limit drop constraint req_time_limit_uk;
alter table req_time_limit add constraint req_time_limit_uk unique nulls not distinct (city_id, category_code, urgency);
