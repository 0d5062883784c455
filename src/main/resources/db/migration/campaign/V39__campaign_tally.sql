-- Tallies of each campaign's target per compound, refreshed every minute from cmp_target for the campaigns that are
-- running or ended since their last tally: the dashboards read a few hundred rows instead of grouping a city-wide
-- target of 750,000 people on every view (bench/dashboard.sh: 860 ms for the city dashboard before). A campaign's
-- own progress page still counts live.
create table cmp_tally (
    campaign_id    bigint not null references cmp_campaign (id) on delete cascade,
    compound_id    bigint not null,
    compound_path  varchar(200) collate "C" not null,
    targets        integer not null,
    done           integer not null,
    primary key (campaign_id, compound_id)
);
create index cmp_tally_path_idx on cmp_tally (compound_path, campaign_id);
alter table cmp_campaign add column tallied_at timestamptz;
