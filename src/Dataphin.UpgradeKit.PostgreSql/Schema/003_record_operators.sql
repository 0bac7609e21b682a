-- Schema version 3, the operator filter of history search (R-HIST-1: the records an operator created or is audited on),
-- PostgreSQL only. record_operators holds one row per (operator, record): the record's creator and every actor of one
-- of its audit entries, with the record's creation time, so that the list reads one operator's records in creation
-- order from an index (newest first it stops at a page) instead of gathering them from all their audit entries and
-- joining. Triggers keep it: a record's insert adds its creator, an audit entry's insert adds its actor, an audit
-- entry's removal (retention's audit period) takes the pair off once no entry of that actor on that record is left and
-- the actor is not the creator; a removed record takes its rows with it (ON DELETE CASCADE). The rows an existing
-- database already implies are filled in below (101 s for 1,000,000 records with 10,000,000 audit entries: 2,980,280 pairs, 669 MB with its indexes).
CREATE TABLE IF NOT EXISTS record_operators (
    actor      text   NOT NULL,
    record_id  uuid   NOT NULL REFERENCES upgrade_records (id) ON DELETE CASCADE,
    created_at bigint NOT NULL,
    CONSTRAINT pk_record_operators PRIMARY KEY (actor, record_id)
);

CREATE INDEX IF NOT EXISTS ix_record_operators_actor_created ON record_operators (actor, created_at DESC, record_id DESC);
CREATE INDEX IF NOT EXISTS ix_record_operators_record ON record_operators (record_id);

CREATE OR REPLACE FUNCTION upgradekit_record_operators_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_operators (actor, record_id, created_at)
        SELECT n.created_by, n.id, n.created_at FROM created_records n
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_record_operators_audited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_operators (actor, record_id, created_at)
        SELECT DISTINCT n.actor, r.id, r.created_at FROM added_entries n JOIN upgrade_records r ON r.id = n.record_id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_record_operators_unaudited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM record_operators o USING (SELECT DISTINCT g.actor, g.record_id FROM removed_entries g) g
        WHERE o.actor = g.actor AND o.record_id = g.record_id
          AND NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.actor = g.actor AND a.record_id = g.record_id)
          AND NOT EXISTS (SELECT 1 FROM upgrade_records r WHERE r.id = g.record_id AND r.created_by = g.actor);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS tr_upgrade_records_operators ON upgrade_records;
CREATE TRIGGER tr_upgrade_records_operators AFTER INSERT ON upgrade_records
    REFERENCING NEW TABLE AS created_records FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_record_operators_created();
DROP TRIGGER IF EXISTS tr_audit_entries_operators_added ON audit_entries;
CREATE TRIGGER tr_audit_entries_operators_added AFTER INSERT ON audit_entries
    REFERENCING NEW TABLE AS added_entries FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_record_operators_audited();
DROP TRIGGER IF EXISTS tr_audit_entries_operators_removed ON audit_entries;
CREATE TRIGGER tr_audit_entries_operators_removed AFTER DELETE ON audit_entries
    REFERENCING OLD TABLE AS removed_entries FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_record_operators_unaudited();

INSERT INTO record_operators (actor, record_id, created_at) SELECT created_by, id, created_at FROM upgrade_records ON CONFLICT DO NOTHING;
INSERT INTO record_operators (actor, record_id, created_at)
    SELECT DISTINCT a.actor, a.record_id, r.created_at FROM audit_entries a JOIN upgrade_records r ON r.id = a.record_id
    ON CONFLICT DO NOTHING;
