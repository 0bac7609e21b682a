-- Dataphin.UpgradeKit SQLite schema, version 3, part "force-stop requests" (R-GOV-2, the two-person rule). Applied with
-- the other 003_* parts, in name order, in one transaction; the runner records version 3 after the last part.
-- One row per force-stop request: opened pending by one qualified operator, closed (approved, rejected, withdrawn,
-- expired, superseded) in the transaction of a record change, by a compare-and-set from pending. state is
-- ForceStopRequestState's number (0 = pending), result ForceStopResult's; times are Unix ticks. The partial unique
-- index keeps at most one pending request per record, whatever the code does.

CREATE TABLE upgrade_force_stop_requests (
    id                   TEXT    NOT NULL PRIMARY KEY,
    record_id            TEXT    NOT NULL,
    state                INTEGER NOT NULL,
    result               INTEGER NOT NULL,
    declaration_version  TEXT    NOT NULL,
    declaration_language TEXT    NOT NULL,
    declaration_text     TEXT    NOT NULL,
    reason               TEXT,
    requested_by         TEXT    NOT NULL,
    requested_at         INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    decided_by           TEXT,
    decided_at           INTEGER,
    decision_reason      TEXT
);

CREATE UNIQUE INDEX ux_upgrade_force_stop_requests_pending ON upgrade_force_stop_requests (record_id) WHERE state = 0;

CREATE INDEX ix_upgrade_force_stop_requests_record ON upgrade_force_stop_requests (record_id, requested_at);

CREATE INDEX ix_upgrade_force_stop_requests_expiry ON upgrade_force_stop_requests (expires_at) WHERE state = 0;
