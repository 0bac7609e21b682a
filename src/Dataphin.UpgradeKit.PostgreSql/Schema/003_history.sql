-- Schema version 3, history search and audit queries (R-HIST-1, R-HIST-2). Additive: indexes only; the duration
-- orders use expression indexes written exactly as the list query writes its sort key (ListSql.SortKey), so no
-- stored column needs filling for existing rows.

-- The mode filter in the newest-first order.
CREATE INDEX ix_upgrade_records_mode_created ON upgrade_records (mode, created_at DESC, id DESC);

-- The duration orders (keyset on (duration, id)); unfinished records have a null key and are not listed in them.
CREATE INDEX ix_upgrade_records_upgrade_duration ON upgrade_records ((upgrade_ended_at - upgrade_started_at), id);
CREATE INDEX ix_upgrade_records_maintenance_duration ON upgrade_records ((maintenance_ended_at - maintenance_started_at), id);

-- Started within / finished within.
CREATE INDEX ix_upgrade_records_started ON upgrade_records (upgrade_started_at);
CREATE INDEX ix_upgrade_records_finished ON upgrade_records (upgrade_ended_at);

-- The operator filter: records they created, and records they acted on (from the audit trail).
CREATE INDEX ix_upgrade_records_created_by ON upgrade_records (created_by, created_at DESC, id DESC);
CREATE INDEX ix_audit_entries_actor ON audit_entries (actor, record_id);

-- The audit trail across records, newest first, with and without an operator.
CREATE INDEX ix_audit_entries_at ON audit_entries (at DESC, seq DESC);
CREATE INDEX ix_audit_entries_actor_at ON audit_entries (actor, at DESC, seq DESC);
