-- One outbox for every message the hub queues (messaging.Outbox): a row is written in the business transaction that
-- needs the message, relayed to the queue after the commit, and sent again by the sweep (messaging.OutboxSweeper) when
-- the node whose broker journal holds it (queued_on) has left the cluster, or when it was never attempted within
-- hub.messaging.requeue-after. A pinned message (a batch job: its file is in the queueing node's data directory) is
-- only ever sent again by its own node. It replaces the delivery table (V3) and the queued_on stamps of V35.
create table outbox (
    message_id   varchar(200)  not null primary key,
    endpoint     varchar(200)  not null,
    body         varchar(160)  not null,
    event_type   varchar(32),
    target       varchar(100),
    pinned       boolean       not null,
    status       varchar(16)   not null,
    attempts     integer       not null,
    last_error   varchar(1000),
    queued_on    varchar(36),
    queued_at    timestamp with time zone not null,
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null
);
create index outbox_open on outbox (status, queued_at);
create index outbox_body on outbox (body);

-- deliveries of decisions, as planned before: the webhook rows of the outbox
insert into outbox (message_id, endpoint, body, event_type, target, pinned, status, attempts, last_error, queued_on,
                    queued_at, created_at, updated_at)
select decision_id || '/' || target, 'jms:queue:deliveries', decision_id, 'subsidy-decision', target, false, status,
       attempts, last_error, null, updated_at, updated_at, updated_at
from delivery;

-- records still waiting for their decision message (V35): their queue's rows
insert into outbox (message_id, endpoint, body, event_type, target, pinned, status, attempts, last_error, queued_on,
                    queued_at, created_at, updated_at)
select period_id, 'jms:queue:loans.interest-periods', period_id, null, null, false, 'PENDING', 0, null, queued_on,
       coalesce(queued_at, submitted_at), submitted_at, submitted_at
from interest_period where status = 'RECEIVED';

insert into outbox (message_id, endpoint, body, event_type, target, pinned, status, attempts, last_error, queued_on,
                    queued_at, created_at, updated_at)
select record_id, 'jms:queue:assessments.acceptances', record_id, null, null, false, 'PENDING', 0, null, queued_on,
       coalesce(queued_at, received_at), received_at, received_at
from acceptance where status = 'RECEIVED';

-- (batch jobs of older versions keep their message in the journal of the node that queued them, as before)
drop table delivery;
alter table interest_period drop column queued_on;
alter table interest_period drop column queued_at;
alter table acceptance drop column queued_on;
alter table acceptance drop column queued_at;

-- the deliveries of decisions as operators and the progress summary read them (one row per decision and target)
create view delivery as
select body as decision_id, target, status, attempts, last_error, updated_at
from outbox where event_type = 'subsidy-decision';
