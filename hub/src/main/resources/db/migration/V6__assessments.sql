-- Digital-level assessments (MIIT 2024 index) and acceptance (验收) results from qualified assessment bodies
-- (assessments package). Transformation/diagnosis subsidy decisions go to subsidy_decision (V3) with
-- record_id = acceptance.record_id and kind TRANSFORMATION or DIAGNOSIS. Runs on H2 and PostgreSQL.
create table assessment (
    record_id                  varchar(40)   not null primary key,
    assessor_id                varchar(64)   not null,
    assessment_id              varchar(64)   not null,
    uscc                       varchar(18)   not null,
    region_code                varchar(16)   not null,
    assessed_on                date          not null,
    index_edition              varchar(16)   not null,
    digital_level              integer       not null,
    score_equipment_systems    numeric(5, 2) not null,
    score_data_collection      numeric(5, 2) not null,
    score_information_systems  numeric(5, 2) not null,
    score_security             numeric(5, 2) not null,
    score_management           numeric(5, 2) not null,
    score_effect               numeric(5, 2) not null,
    score_total                numeric(5, 2) not null,
    received_at                timestamp with time zone not null,
    constraint assessment_assessor_ref unique (assessor_id, assessment_id)
);
create index assessment_history on assessment (uscc, assessed_on, received_at);

create table assessment_scenario (
    record_id  varchar(40) not null references assessment (record_id),
    seq        integer     not null,
    scenario   varchar(40) not null,
    rating     integer     not null,
    primary key (record_id, seq)
);

create table acceptance (
    record_id         varchar(40)  not null primary key,
    assessor_id       varchar(64)  not null,
    acceptance_id     varchar(64)  not null,
    uscc              varchar(18)  not null,
    region_code       varchar(16)  not null,
    accepted_on       date         not null,
    outcome           varchar(8)   not null,
    track             varchar(64),
    provider_uscc     varchar(18),
    digital_level     integer,
    level_record_id   varchar(40),
    status            varchar(16)  not null,
    received_at       timestamp with time zone not null,
    constraint acceptance_assessor_ref unique (assessor_id, acceptance_id)
);
create index acceptance_status on acceptance (status, received_at);
create index acceptance_uscc on acceptance (uscc);

create table acceptance_spend (
    record_id  varchar(40)    not null references acceptance (record_id),
    category   varchar(32)    not null,
    amount     numeric(16, 2) not null,
    primary key (record_id, category)
);
