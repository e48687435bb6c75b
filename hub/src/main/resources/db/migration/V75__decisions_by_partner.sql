-- Reconciliation (issue 13): a bank lists its decisions of a date range and its monthly statement by
-- (partner_id, decided_at).
create index subsidy_decision_partner_decided on subsidy_decision (partner_id, decided_at);
