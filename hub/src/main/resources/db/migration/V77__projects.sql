-- Transformation projects (issue 13, projects.yaml): a project of an enterprise with its "N+X" scenarios, planned
-- stages, diagnosis, contract and stage starts; acceptances point at the project they are a stage of. The status
-- only moves forward (status_rank 0 SELECTED .. 5 SUBSIDISED).
create table project (
    project_id             varchar(26)    not null primary key,
    project_ref            varchar(64)    not null,
    registered_by          varchar(64)    not null,
    uscc                   varchar(18)    not null,
    region_code            varchar(16)    not null,
    track                  varchar(64),
    planned_stages         integer        not null,
    common_scenarios       varchar(2000)  not null,  -- comma-separated scenario ids (the pattern has no comma)
    specific_scenarios     varchar(2000)  not null,
    status                 varchar(16)    not null,
    status_rank            integer        not null,
    -- the enterprise's USCC when its policy refuses a second project, else null: unique, so two registrations of
    -- one enterprise racing each other cannot both be stored
    sole_project_of        varchar(18),
    diagnosis_provider     varchar(18),
    diagnosis_cost         numeric(16, 2),
    diagnosis_reported_on  date,
    contract_providers     varchar(400),             -- comma-separated USCCs
    contract_amount        numeric(16, 2),
    contract_signed_on     date,
    registered_at          timestamp with time zone not null,
    constraint project_ref_of_partner unique (registered_by, project_ref),
    constraint project_sole_of_enterprise unique (sole_project_of)
);
create index project_of_enterprise on project (uscc);
create index project_by_region on project (region_code, status);

create table project_stage_start (
    project_id   varchar(26) not null,
    stage        integer     not null,
    started_on   date        not null,
    reported_at  timestamp with time zone not null,
    constraint project_stage_start_key primary key (project_id, stage)
);

alter table acceptance add column project_id varchar(26);
create index acceptance_of_project on acceptance (project_id);

-- a ledger account's owner is an enterprise, a provider or, for the per-project accounts (kinds PROJECT-<kind>), a
-- project id (26 characters); SET DATA TYPE works in H2 and PostgreSQL (V10)
alter table ledger_account alter column uscc set data type varchar(26);
