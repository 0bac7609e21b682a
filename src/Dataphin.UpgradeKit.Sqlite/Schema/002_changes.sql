-- Dataphin.UpgradeKit SQLite schema, version 2: the change feed (R-LIVE-1, R-LIVE-2).
-- One row per committed record insert, update and removal and per timeline append that stored a new event, written in
-- the change's own transaction. seq is the position a watcher resumes from: SQLite has one writer at a time
-- (BEGIN IMMEDIATE), so seq grows in commit order. kind is RecordChangeKind's number; record_version is the record's
-- version after the change (the version removed, for a removal; NULL for a timeline append). A database upgraded
-- from version 1 has an empty feed: watches see the changes made from then on.

CREATE TABLE record_changes (
    seq            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    record_id      TEXT    NOT NULL,
    kind           INTEGER NOT NULL,
    record_version INTEGER,
    new_events     INTEGER NOT NULL
);

-- A watch of one record reads its changes after a position.
CREATE INDEX ix_record_changes_record ON record_changes (record_id, seq);
