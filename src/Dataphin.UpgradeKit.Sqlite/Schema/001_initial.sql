-- Dataphin.UpgradeKit SQLite schema, version 1.
-- Apply once to an empty database, inside one transaction (BEGIN IMMEDIATE; ... COMMIT;), or let
-- SqliteUpgradeStore.EnsureSchemaAsync do it. Times are Unix ticks (100 ns since 1970-01-01T00:00:00Z, UTC);
-- enums are the SDK's declared numbers; ids are the 32 lower-case hex digits of UpgradeRecordId, whose BINARY
-- order is the SDK's id order.

CREATE TABLE schema_version (
    version    INTEGER NOT NULL PRIMARY KEY,
    applied_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE upgrade_records (
    id                            TEXT    NOT NULL PRIMARY KEY,
    version                       INTEGER NOT NULL,
    status                        INTEGER NOT NULL,
    target_version                TEXT    NOT NULL,
    target_version_key            TEXT    NOT NULL,
    initial_version               TEXT    NOT NULL,
    initial_version_key           TEXT    NOT NULL,
    mode                          INTEGER NOT NULL,
    dss_mode                      INTEGER NOT NULL,
    created_at                    INTEGER NOT NULL,
    created_by                    TEXT    NOT NULL,
    upgrade_started_at            INTEGER,
    upgrade_ended_at              INTEGER,
    maintenance_started_at        INTEGER,
    maintenance_ended_at          INTEGER,
    force_stop_task_ran           INTEGER NOT NULL,
    application_shutdown_started  INTEGER NOT NULL,
    current_step                  TEXT,
    rerun_force_stopped_instances INTEGER,
    force_stop_result             INTEGER,
    failure_reason                TEXT
);

-- Newest first (keyset paging), with and without a status filter, and the version filter.
CREATE INDEX ix_upgrade_records_created ON upgrade_records (created_at DESC, id DESC);
CREATE INDEX ix_upgrade_records_status_created ON upgrade_records (status, created_at DESC, id DESC);
CREATE INDEX ix_upgrade_records_target_version ON upgrade_records (target_version_key);
CREATE INDEX ix_upgrade_records_initial_version ON upgrade_records (initial_version_key);

-- The saved configuration file, apart from the record so that list queries never scan its bytes.
CREATE TABLE upgrade_configurations (
    record_id TEXT    NOT NULL PRIMARY KEY,
    file_name TEXT    NOT NULL,
    saved_at  INTEGER NOT NULL,
    content   BLOB    NOT NULL
);

-- Append-only; kept after a record is removed (R-REC-2 removes the record, not its audit trail).
CREATE TABLE audit_entries (
    seq            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    record_id      TEXT    NOT NULL,
    at             INTEGER NOT NULL,
    actor          TEXT    NOT NULL,
    operation      INTEGER NOT NULL,
    outcome        INTEGER NOT NULL,
    status_before  INTEGER,
    status_after   INTEGER,
    reason         INTEGER NOT NULL,
    record_version INTEGER NOT NULL,
    options        TEXT    NOT NULL
);

CREATE INDEX ix_audit_entries_record ON audit_entries (record_id, seq);

-- Append-only, idempotent by (record_id, event_key): event_key is TimelineEvent.Key (R-TIME-9).
CREATE TABLE timeline_events (
    seq          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    record_id    TEXT    NOT NULL,
    event_key    TEXT    NOT NULL,
    kind         INTEGER NOT NULL,
    subject      TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    outcome      INTEGER,
    details_link TEXT,
    UNIQUE (record_id, event_key)
);

-- Transactional outbox (R-HOST-1): written with the change, delivered at least once.
CREATE TABLE notification_outbox (
    seq          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    id           TEXT    NOT NULL UNIQUE,
    record_id    TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    occurred_at  INTEGER NOT NULL,
    delivered_at INTEGER
);

CREATE INDEX ix_notification_outbox_pending ON notification_outbox (seq) WHERE delivered_at IS NULL;

INSERT INTO schema_version (version) VALUES (1);
