-- The city the demo loader generated (issue 24). The loader generates a city only into a database without any, marks
-- it here in the same transaction, and from then on touches nothing else: a database whose city is not listed here
-- was made by its staff (bootstrap, pages, import), and a demo start on it changes not one row.
create table demo_city (
    city_id       bigint primary key,
    generated_at  timestamptz not null default now(),
    households    integer not null
);
