-- Dataphin.UpgradeKit SQLite schema, version 3: governed actions (R-GOV-1, R-GOV-3).
-- The reason an operator gave for a stop, force-stop or cancel, and the declaration a force-stop's engineer accepted,
-- word for word with its version and language, kept with the audit entry. Additive: nullable columns, so entries
-- written before this version read as "no reason, no declaration recorded".

ALTER TABLE audit_entries ADD COLUMN operator_reason TEXT;
ALTER TABLE audit_entries ADD COLUMN declaration_version TEXT;
ALTER TABLE audit_entries ADD COLUMN declaration_language TEXT;
ALTER TABLE audit_entries ADD COLUMN declaration_text TEXT;
