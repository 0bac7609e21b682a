-- Dataphin.UpgradeKit SQLite schema, version 3, part "retention periods" (R-RET-1). Applied with the other 003_* parts,
-- in name order, in one transaction; the runner records version 3 after the last part.
-- changed_at is when a change-feed row was written (Unix ticks, the store's clock), so that retention can trim the feed
-- to a period of its own. Rows written before version 3 have none (NULL): they count as older than any period, and
-- retention removes them, as a prefix of the feed, the first time it trims. The trim walks the feed in seq order from
-- its start and stops at the first row inside the period, so it needs no index of its own.

ALTER TABLE record_changes ADD COLUMN changed_at INTEGER;
