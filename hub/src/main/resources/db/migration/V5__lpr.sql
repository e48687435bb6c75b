-- LPR publications added by the operator through the admin API (operation publishLpr). The packs' lpr.yaml is the
-- base table; these rows are applied on top at start-up, on every node (a correction replaces the same date).
create table lpr_publication (
    effective_from date          primary key,
    one_year       numeric(7, 4) not null,
    five_year      numeric(7, 4) not null,
    source         varchar(200),
    published_by   varchar(64)   not null,
    published_at   timestamp     not null
);
