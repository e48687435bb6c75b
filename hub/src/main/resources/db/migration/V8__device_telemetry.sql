-- Per-minute aggregates of device telemetry (issue 5): seconds spent in each state, parts made and energy used,
-- attributed to the minute in which the interval between two consecutive samples started.
create table device_minute (
    uscc        varchar(18)    not null,
    device_id   varchar(64)    not null,
    minute_start timestamp with time zone not null,
    run_s       integer        not null,
    idle_s      integer        not null,
    alarm_s     integer        not null,
    off_s       integer        not null,
    parts       bigint         not null,
    energy_kwh  numeric(14, 3) not null,
    samples     integer        not null,
    primary key (uscc, device_id, minute_start)
);
