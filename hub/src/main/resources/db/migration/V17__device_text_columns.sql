-- registerDevices (devices.yaml): name maxLength 200, kind maxLength 64, counted in Unicode code points; H2 counts
-- UTF-16 units in varchar(n), so names of supplementary characters need twice the length there (see V16).
alter table device alter column name set data type varchar(400);
alter table device alter column kind set data type varchar(128);
