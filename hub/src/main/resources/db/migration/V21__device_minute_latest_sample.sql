-- Issue 16: the latest sample of the device when it is the newest sample that closed an interval starting in this
-- minute (or the device's first sample). A device's newest row with one holds its latest state, loaded back into
-- Hazelcast after a restart (devices.DeviceStateLoader). Null in rows that only counted late samples, and in rows
-- written before this migration.
alter table device_minute add column last_sample_at timestamp with time zone;
alter table device_minute add column last_state varchar(5);
alter table device_minute add column last_part_count bigint;
alter table device_minute add column last_energy_kwh numeric(24, 9);
