-- Dataphin.UpgradeKit PostgreSQL schema, version 3: governed actions (R-GOV-1, R-GOV-3).
-- The reason an operator gave for a stop, force-stop or cancel, and the declaration a force-stop's engineer accepted,
-- word for word with its version and language, kept with the audit entry. Additive: nullable columns without a
-- default, so adding them rewrites no row and entries written before this version read as "none recorded".

ALTER TABLE audit_entries ADD COLUMN operator_reason text;
ALTER TABLE audit_entries ADD COLUMN declaration_version text;
ALTER TABLE audit_entries ADD COLUMN declaration_language text;
ALTER TABLE audit_entries ADD COLUMN declaration_text text;
