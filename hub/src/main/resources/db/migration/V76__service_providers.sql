-- Service providers (服务商资源池), their yearly service-fee reports and chain cases (issue 13). Their subsidy
-- decisions go to subsidy_decision (kinds PROVIDER, CHAIN_CASE) like every decision.
create table service_provider (
    uscc           varchar(18)  not null primary key,
    name           varchar(400) not null,  -- maxLength 200 code points; H2 counts UTF-16 units (see V16)
    category       varchar(16)  not null,
    region_code    varchar(16)  not null,
    registered_by  varchar(64)  not null,
    registered_at  timestamp with time zone not null
);

create table provider_fees_report (
    record_id            varchar(40)    not null primary key,
    provider_uscc        varchar(18)    not null,
    report_id            varchar(64)    not null,
    region_code          varchar(16)    not null,
    fee_year             integer        not null,
    service_fees         numeric(16, 2) not null,
    all_tasks_completed  boolean        not null,
    reported_by          varchar(64)    not null,
    received_at          timestamp with time zone not null,
    constraint provider_fees_report_id unique (provider_uscc, report_id)
);

create table chain_case (
    record_id      varchar(40) not null primary key,
    case_id        varchar(64) not null,
    uscc           varchar(18) not null,
    region_code    varchar(16) not null,
    recognised_on  date        not null,
    reported_by    varchar(64) not null,
    received_at    timestamp with time zone not null,
    constraint chain_case_id unique (case_id)
);
