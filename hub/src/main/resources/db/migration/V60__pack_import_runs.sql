-- Each import run of a county pack (enterprises.PackImportRuns): what a poll, webhook call or dropped file brought,
-- and every record refused with its USCC, field, value and problem code (listPackImports, dashboard connectors).
create table pack_import_run (
    run_id       varchar(36)   not null primary key,
    pack         varchar(200)  not null,
    region_code  varchar(16)   not null,
    source       varchar(1000),
    started_at   timestamp with time zone not null,
    finished_at  timestamp with time zone not null,
    records      integer       not null,
    imported     integer       not null,
    refused      integer       not null,
    problem      varchar(2000)
);
create index pack_import_run_pack on pack_import_run (pack, started_at);

create table pack_import_refusal (
    run_id    varchar(36)   not null,
    position  integer       not null,
    uscc      varchar(64),
    field     varchar(200),
    county_value varchar(500),
    code      varchar(64)   not null,
    detail    varchar(2000) not null,
    primary key (run_id, position)
);

-- The incremental-sync watermark of each county source (packs.CountyPlatformPaging): the largest value of the
-- records' watermark field seen in the last complete poll; it only ever grows (every node of a cluster shares it).
create table pack_source_watermark (
    source_key   varchar(300)  not null primary key,
    watermark    varchar(100)  not null,
    updated_at   timestamp with time zone not null
);
