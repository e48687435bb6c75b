-- 数字贷 loans, interest periods, subsidy decisions and their deliveries (loans and delivery packages).
create table loan (
    loan_id        varchar(40)    not null primary key,
    bank_id        varchar(64)    not null,
    bank_loan_id   varchar(64)    not null,
    uscc           varchar(18)    not null,
    region_code    varchar(6)     not null,
    product        varchar(32)    not null,
    principal      numeric(16, 2) not null,
    start_date     date           not null,
    maturity_date  date           not null,
    contract_rate  varchar(16),
    purpose        varchar(500),
    submitted_at   timestamp with time zone not null,
    constraint loan_bank_ref unique (bank_id, bank_loan_id)
);
create index loan_uscc on loan (uscc);

create table interest_period (
    period_id              varchar(40)    not null primary key,
    loan_id                varchar(40)    not null references loan (loan_id),
    period_start           date           not null,
    period_end             date           not null,
    outstanding_principal  numeric(16, 2) not null,
    interest_paid          numeric(16, 2) not null,
    paid_on                date,
    status                 varchar(16)    not null,
    submitted_at           timestamp with time zone not null,
    constraint interest_period_span unique (loan_id, period_start, period_end)
);
create index interest_period_status on interest_period (status, submitted_at);

create table subsidy_decision (
    decision_id     varchar(40)    not null primary key,
    record_id       varchar(40)    not null,
    kind            varchar(32)    not null,
    uscc            varchar(18)    not null,
    region_code     varchar(6)     not null,
    loan_id         varchar(40),
    partner_id      varchar(64),
    policy_id       varchar(64)    not null,
    policy_version  varchar(32)    not null,
    rule_id         varchar(64),
    eligible        numeric(16, 2) not null,
    granted         numeric(16, 2) not null,
    cap_remaining   numeric(16, 2),
    reason_code     varchar(64),
    detail          varchar(4000),
    decided_at      timestamp with time zone not null,
    constraint subsidy_decision_record unique (record_id, kind)
);
create index subsidy_decision_loan on subsidy_decision (loan_id);

create table delivery (
    decision_id   varchar(40)  not null,
    target        varchar(32)  not null,
    status        varchar(16)  not null,
    attempts      integer      not null,
    last_error    varchar(1000),
    updated_at    timestamp with time zone not null,
    primary key (decision_id, target)
);
