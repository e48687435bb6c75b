-- Per-enterprise subsidy cap ledger (ledger package); written through from the Hazelcast map ledger.accounts.
create table ledger_account (
    ledger_key  varchar(64)    not null primary key,
    uscc        varchar(18)    not null,
    kind        varchar(32)    not null,
    granted     numeric(16, 2) not null,
    updated_at  timestamp with time zone not null
);
create table ledger_grant (
    ledger_key  varchar(64)    not null,
    record_id   varchar(80)    not null,
    amount      numeric(16, 2) not null,
    granted_at  timestamp with time zone not null,
    primary key (ledger_key, record_id)
);
