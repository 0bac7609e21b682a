-- Schema version 3, history search in the duration orders with a mode filter (R-HIST-1). Additive: indexes only,
-- written exactly as the list query writes its sort key (ListSql.SortKey) after the mode, so that the list walks one
-- mode's records in duration order instead of reading them all and sorting. IF NOT EXISTS: an operator may create
-- them first by hand (on PostgreSQL with CREATE INDEX CONCURRENTLY, which takes no write lock).
CREATE INDEX IF NOT EXISTS ix_upgrade_records_mode_upgrade_duration ON upgrade_records (mode, (upgrade_ended_at - upgrade_started_at), id);
CREATE INDEX IF NOT EXISTS ix_upgrade_records_mode_maintenance_duration ON upgrade_records (mode, (maintenance_ended_at - maintenance_started_at), id);
