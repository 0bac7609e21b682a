-- Dataphin.UpgradeKit SQLite schema, version 3: stalls of running upgrades (R-ETA-2).
-- One row per stall: id is its host notification's id, reason is StallReason, times are Unix ticks. A stall is open
-- until ended_at is set. The partial unique index allows one open stall per record, so host instances that find the
-- same upgrade stalled at once insert one row, and only the one that inserted it stores the notification.
CREATE TABLE stall_episodes (
    id         TEXT    NOT NULL PRIMARY KEY,
    record_id  TEXT    NOT NULL,
    reason     INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER
) WITHOUT ROWID;

CREATE UNIQUE INDEX ux_stall_episodes_open ON stall_episodes (record_id) WHERE ended_at IS NULL;

-- Retention removes a record's episodes by record id, ended ones included (the index above holds open ones only).
CREATE INDEX IF NOT EXISTS ix_stall_episodes_record ON stall_episodes (record_id);
