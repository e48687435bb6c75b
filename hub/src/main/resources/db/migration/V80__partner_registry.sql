-- The partner registry at run time (partners package, docs/partner-registry.md). The configured partners
-- (hub.gateway.partners) are the seed and have no row here; these rows extend them (a partner onboarded, a key
-- added, to a configured partner too) or override them (a key revoked, a partner suspended), and a revocation is
-- never undone. Every node reads all four tables into its in-memory registry at start-up and after each change
-- announced on the cluster topic. Portable types only (H2 and PostgreSQL); free text is twice its contract's
-- maxLength (code points against H2's UTF-16 units, V16).
create table registry_partner (
    partner_id            varchar(64)   not null primary key,
    name                  varchar(200)  not null,
    partner_type          varchar(20)   not null,
    regions               varchar(400)  not null,
    scopes                varchar(2000) not null,
    rate_limit_per_second integer       not null,
    webhook_url           varchar(220),
    uscc                  varchar(18),
    onboarded_by          varchar(64)   not null,
    onboarded_at          timestamp with time zone not null
);

create table registry_key (
    key_id          varchar(100)  not null primary key,
    partner_id      varchar(64)   not null,
    algorithm       varchar(32)   not null,
    public_key_pem  varchar(2000) not null,
    not_before      timestamp with time zone,
    not_after       timestamp with time zone,
    added_by        varchar(64)   not null,
    added_at        timestamp with time zone not null
);
create index registry_key_partner on registry_key (partner_id);

create table registry_key_revocation (
    key_id      varchar(100) not null primary key,
    partner_id  varchar(64)  not null,
    revoked_at  timestamp with time zone not null,
    revoked_by  varchar(64)  not null,
    reason      varchar(400)
);

create table registry_partner_status (
    partner_id  varchar(64)  not null primary key,
    suspended   boolean      not null,
    changed_at  timestamp with time zone not null,
    changed_by  varchar(64)  not null,
    reason      varchar(400)
);
