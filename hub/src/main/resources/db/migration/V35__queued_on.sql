-- Records waiting for a message on a node's own queue name the node whose embedded broker holds it (its Hazelcast
-- member id) and since when, so that a live node takes over the records of a node that died
-- (messaging.QueuedRecords). Rows of older versions name no node: they are taken over once after the upgrade.
alter table interest_period add column queued_on varchar(36);
alter table interest_period add column queued_at timestamp with time zone;
update interest_period set queued_at = submitted_at;

alter table acceptance add column queued_on varchar(36);
alter table acceptance add column queued_at timestamp with time zone;
update acceptance set queued_at = received_at;
