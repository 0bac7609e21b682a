-- Dataphin.UpgradeKit PostgreSQL schema, version 2, part "store safety" (R-STORE-3). Applied with the other 002_*
-- parts, in name order, in one transaction; the runner records version 2 after the last part.
-- A creation may carry the caller's idempotency key: a second creation with the same key (from any instance) finds
-- the record the first one made instead of inserting another. Records written before version 2 have none.

ALTER TABLE upgrade_records ADD COLUMN idempotency_key text;

CREATE UNIQUE INDEX ux_upgrade_records_idempotency_key ON upgrade_records (idempotency_key) WHERE idempotency_key IS NOT NULL;
