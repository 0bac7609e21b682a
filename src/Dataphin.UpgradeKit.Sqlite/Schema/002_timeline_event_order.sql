-- Dataphin.UpgradeKit SQLite schema, version 2, part "timeline event order" (R-TIME-11). Applied with the other 002_*
-- parts in one transaction.
-- Version 1 keeps an event once per record by UNIQUE (record_id, event_key). event_key is a SHA-256, so the events of
-- one report landed on random leaves of that index: a report of 10 events to a record holding 10,000 wrote about 10
-- more pages than the same report to an empty stream. The key hashes the event's time, so equal keys have equal times
-- and UNIQUE (record_id, at, event_key) admits exactly the rows the old constraint admitted (R-TIME-9), while the
-- events of a report, close in time, land on the one or two leaves at the ends of the record's range.
-- SQLite cannot drop a table constraint: the table is rebuilt with its rows, their seq and the table's sequence.
CREATE TABLE timeline_events_v2 (
    seq          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    record_id    TEXT    NOT NULL,
    event_key    TEXT    NOT NULL,
    kind         INTEGER NOT NULL,
    subject      TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    outcome      INTEGER,
    details_link TEXT,
    UNIQUE (record_id, at, event_key)
);

INSERT INTO timeline_events_v2 (seq, record_id, event_key, kind, subject, at, outcome, details_link)
SELECT seq, record_id, event_key, kind, subject, at, outcome, details_link FROM timeline_events ORDER BY seq;

-- The next seq continues where version 1's table stopped, even past rows no longer there.
DELETE FROM sqlite_sequence WHERE name = 'timeline_events_v2';
INSERT INTO sqlite_sequence (name, seq) SELECT 'timeline_events_v2', seq FROM sqlite_sequence WHERE name = 'timeline_events';

DROP TABLE timeline_events;
ALTER TABLE timeline_events_v2 RENAME TO timeline_events;
