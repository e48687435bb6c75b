-- The dashboard's daily trend of devices online (progress.DailyTrends) counts the devices with a sample in each day of
-- a region: by minute, across devices.
create index device_minute_start on device_minute (minute_start);
