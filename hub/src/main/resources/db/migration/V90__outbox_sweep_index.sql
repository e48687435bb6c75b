-- The outbox sweep (messaging.Outbox.takeOver, every 5 s) looks for the open messages (status PENDING or RETRYING)
-- to send again. With index outbox_open (status, queued_at) of V40 it read every open row to check the rest of its
-- condition: behind a backlog of 300,000 deliveries that was 17% of the hub's CPU (docs/benchmarks.md, 2026-12-02).
-- This index holds every column of the condition, so only the rows it claims are read; it serves the queries of
-- outbox_open too (same first columns), which goes.
create index outbox_sweep on outbox (status, queued_at, attempts, pinned, queued_on, endpoint);
drop index outbox_open;
