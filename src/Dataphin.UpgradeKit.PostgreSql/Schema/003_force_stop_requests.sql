-- Dataphin.UpgradeKit PostgreSQL schema, version 3, part "force-stop requests" (R-GOV-2, the two-person rule). Applied with
-- the other 003_* parts, in name order, in one transaction; the runner records version 3 after the last part.
-- One row per force-stop request: opened pending by one qualified operator, closed (approved, rejected, withdrawn,
-- expired, superseded) in the transaction of a record change, by a compare-and-set from pending. state is
-- ForceStopRequestState's number (0 = pending), result ForceStopResult's; times are Unix ticks. The partial unique
-- index keeps at most one pending request per record, whatever the code does.

CREATE TABLE upgrade_force_stop_requests (
    id                   uuid    NOT NULL PRIMARY KEY,
    record_id            uuid    NOT NULL,
    state                integer NOT NULL,
    result               integer NOT NULL,
    declaration_version  text    NOT NULL,
    declaration_language text    NOT NULL,
    declaration_text     text    NOT NULL,
    reason               text,
    requested_by         text    NOT NULL,
    requested_at         bigint  NOT NULL,
    expires_at           bigint  NOT NULL,
    decided_by           text,
    decided_at           bigint,
    decision_reason      text
);

CREATE UNIQUE INDEX ux_upgrade_force_stop_requests_pending ON upgrade_force_stop_requests (record_id) WHERE state = 0;

CREATE INDEX ix_upgrade_force_stop_requests_record ON upgrade_force_stop_requests (record_id, requested_at);

CREATE INDEX ix_upgrade_force_stop_requests_expiry ON upgrade_force_stop_requests (expires_at) WHERE state = 0;
