-- Tamper-evident audit log (issue 7): an SM3 hash chain (each entry's hash covers the previous hash) with periodic
-- checkpoints signed by the hub key. audit_head is the single row every append locks, so the chain stays linear
-- when several nodes share the database.
create table audit_entry (
    seq        bigint        primary key,
    at         timestamp with time zone not null,
    actor      varchar(64)   not null,
    action     varchar(64)   not null,
    subject    varchar(200)  not null,
    detail     varchar(2000) not null,
    prev_hash  char(64)      not null,
    hash       char(64)      not null
);

create table audit_head (
    id    integer  primary key,
    seq   bigint   not null,
    hash  char(64) not null
);
insert into audit_head (id, seq, hash) values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

create table audit_checkpoint (
    up_to_seq  bigint        primary key,
    head_hash  char(64)      not null,
    at         timestamp with time zone not null,
    key_id     varchar(64)   not null,
    algorithm  varchar(32)   not null,
    signature  varchar(400)  not null
);
