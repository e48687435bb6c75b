-- Portable SQL (H2 and PostgreSQL): varchar without a length is unbounded on PostgreSQL and at H2's maximum.
-- Latest progress summary of each child hub node's region (issue 6, federation roll-up), as the child sent it.
create table region_summary (
    region_code  varchar(12)  not null primary key,
    hub_id       varchar(64)  not null,
    as_of        timestamp with time zone not null,
    received_at  timestamp with time zone not null,
    summary      varchar      not null
);
