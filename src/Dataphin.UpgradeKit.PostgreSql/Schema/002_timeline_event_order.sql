-- Dataphin.UpgradeKit PostgreSQL schema, version 2, part "timeline event order" (R-TIME-11). Applied with the other
-- 002_* parts in one transaction.
-- Version 1 keeps an event once per record by UNIQUE (record_id, event_key). event_key is a SHA-256, so the events of
-- one report landed on random leaves of that index, more of them the longer the record's stream. The key hashes the
-- event's time, so equal keys have equal times and UNIQUE (record_id, at, event_key) admits exactly the rows the old
-- constraint admitted (R-TIME-9), while the events of a report, close in time, land on the one or two leaves at the
-- ends of the record's range.
ALTER TABLE timeline_events ADD CONSTRAINT uq_timeline_events_record_at_key UNIQUE (record_id, at, event_key);
ALTER TABLE timeline_events DROP CONSTRAINT uq_timeline_events_record_key;
