-- Where a request came from when another module filed it (a hazard found on a grid worker's round): a label and a
-- link shown on the request's page, so the two records point at each other.
create table req_origin (
    request_id  bigint primary key references req_request (id) on delete cascade,
    label       varchar(100) not null,
    link        varchar(200) not null
);
