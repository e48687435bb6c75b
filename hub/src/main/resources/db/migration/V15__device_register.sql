-- The devices an enterprise declares (issue 5): the denominator of the online rate (设备联网率) counts them even
-- before, or without, their first telemetry.
create table device (
    uscc          varchar(18)  not null,
    device_id     varchar(64)  not null,
    name          varchar(200),
    kind          varchar(64),
    registered_at timestamp with time zone not null,
    registered_by varchar(64)  not null,
    primary key (uscc, device_id)
);
