-- Schema version 3, history search by version range (R-HIST-1; PostgreSQL only: SQLite lets its planner choose one
-- statement and keeps its version 1 indexes). When the matches of a search with a target- or
-- initial-version range are rare in the list's order, the list reads the range version by version: the versions come
-- from skipping through the index led by them (one probe each), and each version's records from the same index, in
-- creation order or within a creation interval. A target range is read per (target, initial) pair, so an initial
-- range beside it is a seek too. The single-column version indexes of version 1 stay: intersected with another
-- filter's index (BitmapAnd) they read a third of the pages the wider ones would, and the planner only intersects
-- those (measured: a target range and a start interval, 22 ms with them, 67 ms without). IF NOT EXISTS: an operator
-- may create these first by hand (on PostgreSQL with CREATE INDEX CONCURRENTLY, which takes no write lock).
CREATE INDEX IF NOT EXISTS ix_upgrade_records_target_initial_created ON upgrade_records (target_version_key, initial_version_key, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_upgrade_records_initial_created ON upgrade_records (initial_version_key, created_at DESC, id DESC);
