-- A message of work may carry many records (issue 12): the interest periods one transaction (a batch job's chunk)
-- queued for their decision share one message, decided in one transaction. Null for a message of one record (its
-- body); else the records' ids separated by single spaces, the first being the body.
alter table outbox add column records varchar(16000);
