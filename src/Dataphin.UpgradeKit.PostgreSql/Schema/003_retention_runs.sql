-- Dataphin.UpgradeKit PostgreSQL schema, version 3, part "retention_runs" (R-RET-2). Applied with the other 003_*
-- parts, in name order, in one transaction; the runner records version 3 after the last part.
-- Every retention run that ran (not one skipped because another instance held the lease): who, when, how it ended,
-- how many rows it removed, and the archive files that hold them (names, one per line).

CREATE TABLE retention_runs (
    id              text    NOT NULL PRIMARY KEY,
    actor           text    NOT NULL,
    started_at      bigint  NOT NULL,
    finished_at     bigint  NOT NULL,
    outcome         integer NOT NULL,
    removed_records integer NOT NULL,
    kept_records    integer NOT NULL,
    batches         integer NOT NULL,
    audit_entries   integer NOT NULL,
    timeline_events integer NOT NULL,
    notifications   integer NOT NULL,
    change_rows     integer NOT NULL,
    files           text    NOT NULL,
    error           text
);

CREATE INDEX ix_retention_runs_started ON retention_runs (started_at DESC, id DESC);
