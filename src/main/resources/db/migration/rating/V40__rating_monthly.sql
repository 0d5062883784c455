-- The monthly dispatch (月调度): each month's run keeps every compound's total and stars of that month, so the
-- compound page and the dispatch meeting see how the score moved through the year.
create table rtg_month (
    compound_id  bigint not null references org_node (id),
    month        varchar(7) not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
    node_path    varchar(200) collate "C" not null,
    total        numeric(6, 2) not null,
    stars        integer not null,
    primary key (compound_id, month)
);
create index rtg_month_path_idx on rtg_month (month, node_path);
