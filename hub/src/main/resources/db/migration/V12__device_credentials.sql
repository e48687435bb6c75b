-- MQTT credentials of an enterprise's devices (issue 5): one per enterprise, user name = USCC. Only a salted
-- PBKDF2-HMAC-SHA256 hash of the password is kept; the password is shown once, when issued.
create table device_credential (
    uscc          varchar(18)  not null primary key,
    password_hash varchar(64)  not null,
    salt          varchar(32)  not null,
    iterations    integer      not null,
    issued_at     timestamp with time zone not null,
    issued_by     varchar(64)  not null
);
