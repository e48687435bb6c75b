-- Columns as wide as the contracts allow (issue 16): a contract-valid value must never fail in the database.
-- loan.product: a Code, up to 40 characters (was 32).
-- tags: up to 20 Codes of up to 40 characters, stored comma-joined = 20 * 40 + 19 = 819 characters (was 200).
-- region_code: a RegionCode is a six-digit GB/T 2260 code or a hub zone id X + 2-15 characters = 16 (was 6 or 12
-- in some tables; assessment, acceptance and cloud_adoption already had 16).
-- Free text: a contract's maxLength counts Unicode code points, H2 counts UTF-16 units in varchar(n), so a name of
-- supplementary characters (CJK extension B, found in enterprise and product names) needs twice the length there
-- (PostgreSQL counts characters; the wider column changes nothing for it). cloud_saas_app.name: maxLength 100;
-- lpr_publication.source: maxLength 200. (enterprise.name 200 and loan.purpose 500 already hold 100 and 200.)
-- SET DATA TYPE works in H2 2.x and PostgreSQL (V10 uses it too).
alter table enterprise alter column tags set data type varchar(819);
alter table enterprise alter column region_code set data type varchar(16);
alter table loan alter column region_code set data type varchar(16);
alter table loan alter column product set data type varchar(40);
alter table subsidy_decision alter column region_code set data type varchar(16);
alter table region_summary alter column region_code set data type varchar(16);
alter table cloud_saas_app alter column name set data type varchar(200);
alter table lpr_publication alter column source set data type varchar(400);
