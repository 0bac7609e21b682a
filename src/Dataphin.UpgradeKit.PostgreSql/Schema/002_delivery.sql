-- Dataphin.UpgradeKit PostgreSQL schema, version 2, delivery part (R-DLV-2…4): the outbox becomes a leased work queue.
-- Applied with the other 002_*.sql parts in one transaction; the runner records version 2 after the last part.
-- Notifications a version-1 database holds undelivered keep their order (seq) and become claimable at once: no attempts
-- yet, a retry time of 0 (1970), no lease.

ALTER TABLE notification_outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE notification_outbox ADD COLUMN first_attempted_at bigint;
ALTER TABLE notification_outbox ADD COLUMN next_attempt_at bigint NOT NULL DEFAULT 0;
ALTER TABLE notification_outbox ADD COLUMN lease_token uuid;
ALTER TABLE notification_outbox ADD COLUMN lease_until bigint;
ALTER TABLE notification_outbox ADD COLUMN last_error text;
ALTER TABLE notification_outbox ADD COLUMN dead_lettered_at bigint;

-- The head of each record's undelivered notifications (per-record order) and the dead letters.
CREATE INDEX ix_notification_outbox_record_pending ON notification_outbox (record_id, seq) WHERE delivered_at IS NULL;
CREATE INDEX ix_notification_outbox_dead ON notification_outbox (seq) WHERE dead_lettered_at IS NOT NULL;
