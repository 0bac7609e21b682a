-- Dataphin.UpgradeKit PostgreSQL schema, version 3, part "retention" (R-RET-1). Applied with the other 003_* parts,
-- in name order, in one transaction; the runner records version 3 after the last part.
-- A record can be pinned so that no retention policy removes it; records written before version 3 are not pinned.
-- Retention walks the finished records oldest first (ids are time-ordered), skipping pinned ones.

ALTER TABLE upgrade_records ADD COLUMN pinned boolean NOT NULL DEFAULT false;

CREATE INDEX ix_upgrade_records_retention ON upgrade_records (status, id) WHERE NOT pinned;

-- One retention run at a time across every instance over this database: a run holds the lease (holder, until) and
-- renews it between batches; a crashed holder's lease runs out.
CREATE TABLE retention_lease (
    id     integer NOT NULL PRIMARY KEY CHECK (id = 1),
    holder text,
    until  bigint NOT NULL
);

INSERT INTO retention_lease (id, holder, until) VALUES (1, NULL, 0);

-- Retention removes a batch's rows table by table by record id; the outbox had only a partial index on it (pending
-- notifications), so each batch read the whole table. IF NOT EXISTS: an operator may create it first.
CREATE INDEX IF NOT EXISTS ix_notification_outbox_record ON notification_outbox (record_id);
