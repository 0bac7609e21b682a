-- Dataphin.UpgradeKit SQLite schema, version 3, part "retention_runs" (R-RET-2). Applied with the other 003_* parts, in
-- name order, in one transaction; the runner records version 3 after the last part.
-- Every retention run that ran (not one skipped because another instance held the lease): who, when, how it ended,
-- how many rows it removed, and the archive files that hold them (names, one per line).

CREATE TABLE retention_runs (
    id              TEXT    NOT NULL PRIMARY KEY,
    actor           TEXT    NOT NULL,
    started_at      INTEGER NOT NULL,
    finished_at     INTEGER NOT NULL,
    outcome         INTEGER NOT NULL,
    removed_records INTEGER NOT NULL,
    kept_records    INTEGER NOT NULL,
    batches         INTEGER NOT NULL,
    audit_entries   INTEGER NOT NULL,
    timeline_events INTEGER NOT NULL,
    notifications   INTEGER NOT NULL,
    change_rows     INTEGER NOT NULL,
    files           TEXT    NOT NULL,
    error           TEXT
);

CREATE INDEX ix_retention_runs_started ON retention_runs (started_at DESC, id DESC);
