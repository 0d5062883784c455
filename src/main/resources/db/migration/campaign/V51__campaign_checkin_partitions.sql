-- Check-ins partitioned by month of check-in (issue 11). A partitioned table's keys must hold its partition key, so
-- "once per subject of a campaign" no longer rests on the check-ins' primary key: the subject's row in cmp_target,
-- whose key is (campaign_id, subject_id), is the guard. A check-in is stored only by the call that turned that row
-- to DONE (Campaigns.checkIn), which locks it against a second check-in at the same moment.
alter table cmp_checkin rename to cmp_checkin_unpartitioned;
alter index cmp_checkin_pkey rename to cmp_checkin_unpartitioned_pkey;
create table cmp_checkin (like cmp_checkin_unpartitioned including defaults including constraints)
    partition by range (recorded_at);
alter table cmp_checkin add primary key (campaign_id, subject_id, recorded_at);
alter table cmp_checkin add foreign key (campaign_id) references cmp_campaign (id) on delete cascade;
alter table cmp_checkin add foreign key (site_id) references cmp_site (id);

select xf_ensure_monthly_partitions('cmp_checkin',
    least((select min(recorded_at) at time zone 'Asia/Shanghai' from cmp_checkin_unpartitioned),
          (now() - interval '12 months') at time zone 'Asia/Shanghai')::date, 3);
create table cmp_checkin_default partition of cmp_checkin default;
insert into cmp_checkin select * from cmp_checkin_unpartitioned;
drop table cmp_checkin_unpartitioned;
