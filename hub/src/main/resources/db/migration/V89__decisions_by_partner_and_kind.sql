-- A bank's listing of its interest decisions (listLoanDecisions: its page and its total) and its monthly statement
-- select by (partner_id, kind, decided_at): with the kind in the index the total is counted from the index alone
-- (V75's (partner_id, decided_at) read every row of the range to check its kind: ~0.9 s per count at 500,000
-- decisions on H2, docs/benchmarks.md). Every query by partner_id names the kind, so V75's index goes.
create index subsidy_decision_partner_kind_decided on subsidy_decision (partner_id, kind, decided_at);
drop index subsidy_decision_partner_decided;
