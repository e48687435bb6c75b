-- Cloud adoption (上云用数) reported by industrial internet platforms (cloud package): the current state per
-- enterprise; a report replaces it only when its reported_on is the same or later. Batch uploads use batch_job /
-- batch_result (V4) with kind CLOUD_ADOPTION. Runs on H2 and PostgreSQL.
create table cloud_adoption (
    uscc               varchar(18)  not null primary key,
    region_code        varchar(16)  not null,
    platform_id        varchar(64)  not null,
    reported_on        date         not null,
    payment_mode       varchar(16)  not null,
    devices_connected  integer      not null,
    received_at        timestamp with time zone not null
);
create index cloud_adoption_region on cloud_adoption (region_code);

create table cloud_saas_app (
    uscc      varchar(18)  not null references cloud_adoption (uscc),
    seq       integer      not null,
    app_id    varchar(64)  not null,
    name      varchar(100) not null,
    scenario  varchar(40),
    primary key (uscc, seq)
);
