-- Dataphin.UpgradeKit PostgreSQL schema, version 2: the change feed (R-LIVE-1, R-LIVE-2).
-- One row per committed record insert, update and removal and per timeline append that stored a new event, written in
-- the change's own transaction. seq is the position a watcher resumes from. A sequence alone is not commit-ordered
-- (a reader could see seq 11 committed while seq 10 is still open, and skip 10 for ever), so the store takes the
-- transaction-level advisory lock 4242710002 just before it inserts the row, at the very end of the transaction: the
-- rows are numbered one transaction at a time, in the order they commit. kind is RecordChangeKind's number;
-- record_version is the record's version after the change (the version removed, for a removal; NULL for a timeline
-- append). The same transaction sends NOTIFY upgradekit_record_changes, delivered to listening instances at commit.
-- A database upgraded from version 1 has an empty feed: watches see the changes made from then on.

CREATE TABLE record_changes (
    seq            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id      uuid    NOT NULL,
    kind           integer NOT NULL,
    record_version bigint,
    new_events     integer NOT NULL
);

-- A watch of one record reads its changes after a position.
CREATE INDEX ix_record_changes_record ON record_changes (record_id, seq);
