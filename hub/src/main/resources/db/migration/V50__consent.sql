-- Data-use consents of banks (consent package, docs/consent.md). A consent row keeps the artefact exactly as the hub
-- signed it (payload: base64 of the consent document's bytes; signature), the terms the fetch checks read, and its
-- revocation. Each fetch of a credit profile under a consent is one consent_access row (and one audit entry).
-- Portable types only (H2 and PostgreSQL). Free text is twice its contract's maxLength: the contract counts code
-- points, H2 UTF-16 units (V16). The payload is base64 of a document of bounded fields (well under 8000).
create table consent (
    consent_id       varchar(26)   not null primary key,
    uscc             varchar(18)   not null,
    bank_id          varchar(64)   not null,
    purpose          varchar(32)   not null,
    categories       varchar(100)  not null,
    data_from        date          not null,
    data_to          date          not null,
    valid_from       timestamp with time zone not null,
    valid_until      timestamp with time zone not null,
    fetch_type       varchar(16)   not null,
    frequency_unit   varchar(8),
    frequency_value  integer,
    granted_by       varchar(64)   not null,
    granted_at       timestamp with time zone not null,
    payload          varchar(8000) not null,
    key_id           varchar(100)  not null,
    algorithm        varchar(32)   not null,
    signature        varchar(400)  not null,
    revoked_at       timestamp with time zone,
    revoked_by       varchar(64),
    revoke_reason    varchar(400)
);
create index consent_enterprise on consent (uscc, granted_at);

create table consent_access (
    access_id    varchar(26)   not null primary key,
    consent_id   varchar(26)   not null references consent (consent_id),
    at           timestamp with time zone not null,
    bank_id      varchar(64)   not null,
    purpose      varchar(32)   not null,
    categories   varchar(100)  not null,
    data_from    date          not null,
    data_to      date          not null,
    audit_seq    bigint        not null
);
create index consent_access_consent on consent_access (consent_id, at);
