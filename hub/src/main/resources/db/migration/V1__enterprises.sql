-- Enterprises registered in the programme (DOMAIN.md "Identifiers"). Runs on H2 and PostgreSQL.
create table enterprise (
    uscc           varchar(18)  not null primary key,
    name           varchar(200) not null,
    region_code    varchar(6)   not null,
    industry_code  varchar(16)  not null,
    scale          varchar(32)  not null,
    tags           varchar(200) not null,
    pilot          boolean      not null,
    pilot_batch    varchar(64),
    registered_by  varchar(64)  not null,
    registered_at  timestamp with time zone not null,
    updated_at     timestamp with time zone not null
);
create index enterprise_region on enterprise (region_code);
