-- The contract (common.yaml Code) allows industry codes of up to 40 characters; the column held 16, so a longer code
-- passed the contract and then failed in the database. SET DATA TYPE works in H2 and PostgreSQL.
alter table enterprise alter column industry_code set data type varchar(40);
