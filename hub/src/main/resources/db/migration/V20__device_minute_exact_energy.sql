-- Issue 16: each interval's energy (the difference of two meter readings) was rounded to 0.001 kWh when added, so a
-- meter that adds 0.0004 kWh per sample showed no energy at all. The hub keeps meter readings to 9 decimals and adds
-- the exact differences: the window's energy is the last reading minus the first, rounded once when answered.
alter table device_minute alter column energy_kwh set data type numeric(24, 9);
