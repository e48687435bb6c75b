-- Batch uploads (loans package): one job per upload, one result per line.
create table batch_job (
    job_id        varchar(40)  not null primary key,
    partner_id    varchar(64)  not null,
    kind          varchar(32)  not null,
    content_type  varchar(64)  not null,
    file_name     varchar(300) not null,
    status        varchar(16)  not null,
    received      integer      not null,
    processed     integer      not null,
    accepted      integer      not null,
    rejected      integer      not null,
    created_at    timestamp with time zone not null,
    finished_at   timestamp with time zone
);
create table batch_result (
    job_id     varchar(40)   not null,
    line       integer       not null,
    status     varchar(16)   not null,
    record_id  varchar(40),
    errors     varchar(4000),
    primary key (job_id, line)
);
