-- Schema version 3, history search by version range (R-HIST-1; PostgreSQL only: SQLite lets its planner choose one
-- statement and keeps its version 1 indexes). When the matches of a search with a target- or
-- initial-version range are rare in the list's order, the list reads the range version by version: the versions come
-- from skipping through the index led by them (one probe each), and each version's records from the same index, in
-- creation order or within a creation interval. A target range is read per (target, initial) pair, so an initial
-- range beside it is a seek too. The single-column version indexes of version 1 stay: intersected with another
-- filter's index (BitmapAnd) they read a third of the pages the wider ones would, and the planner only intersects
-- those (measured: a target range and a start interval, 22 ms with them, 67 ms without). The version indexes carry the
-- other filtered columns and the times an order's key is computed from (INCLUDE), so each version's read is an
-- index-only scan that filters without reading the table (a status, a mode and a target range of 200,000 records, newest
-- first: 42-46 ms reading each record, see docs/storage.md); the table is read for the page only. They replace the
-- narrower ones an earlier build of this part created. IF NOT EXISTS: an operator may create these first by hand (on
-- PostgreSQL with CREATE INDEX CONCURRENTLY, which takes no write lock); safe to run again.
CREATE INDEX IF NOT EXISTS ix_upgrade_records_target_initial_search ON upgrade_records (target_version_key, initial_version_key, created_at DESC, id DESC)
    INCLUDE (status, mode, upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at);
CREATE INDEX IF NOT EXISTS ix_upgrade_records_initial_search ON upgrade_records (initial_version_key, created_at DESC, id DESC)
    INCLUDE (target_version_key, status, mode, upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at);
DROP INDEX IF EXISTS ix_upgrade_records_target_initial_created;
DROP INDEX IF EXISTS ix_upgrade_records_initial_created;
