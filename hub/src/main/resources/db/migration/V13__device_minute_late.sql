-- Samples that arrive after a newer sample of the same device (QoS 1 delivery can reorder them; issue 5 benchmark):
-- counted in the minute of their own timestamp. Their part and energy counters are already covered by the
-- cumulative deltas between the samples around them; their state time stays with the earlier sample's state.
alter table device_minute add column late integer default 0 not null;
