-- Schema version 3, the operator filter of history search (R-HIST-1: the records an operator created or is audited on),
-- PostgreSQL only. record_operators holds one row per (operator, record): the record's creator and every actor of one
-- of its audit entries, with a copy of the record's searchable columns (creation time, status, mode, versions and the
-- four times the duration filters and orders use), so that the list reads one operator's records, with every other
-- filter and in every order, from one index of this table (an index-only scan of that operator's entries) instead of
-- fetching each of their records. Triggers keep it: a record's insert adds its creator, an audit entry's insert adds
-- its actor (reading the record under a share lock, so a concurrent change of the record is either seen or waits for
-- the insert and then updates the new row too), a change of a copied column of a record updates its rows, an audit
-- entry's removal (retention's audit period) takes the pair off once no entry of that actor on that record is left and
-- the actor is not the creator; a removed record takes its rows with it (ON DELETE CASCADE). The rows an existing
-- database already implies are filled in below. Safe to run again (a table from an earlier build of this part gets
-- the copied columns added and filled).
CREATE TABLE IF NOT EXISTS record_operators (
    actor                  text    NOT NULL,
    record_id              uuid    NOT NULL REFERENCES upgrade_records (id) ON DELETE CASCADE,
    created_at             bigint  NOT NULL,
    status                 integer NOT NULL,
    mode                   integer NOT NULL,
    target_version_key     text    COLLATE "C" NOT NULL,
    initial_version_key    text    COLLATE "C" NOT NULL,
    upgrade_started_at     bigint,
    upgrade_ended_at       bigint,
    maintenance_started_at bigint,
    maintenance_ended_at   bigint,
    CONSTRAINT pk_record_operators PRIMARY KEY (actor, record_id)
);

ALTER TABLE record_operators ADD COLUMN IF NOT EXISTS status integer;
ALTER TABLE record_operators ADD COLUMN IF NOT EXISTS mode integer;
ALTER TABLE record_operators ADD COLUMN IF NOT EXISTS target_version_key text COLLATE "C";
ALTER TABLE record_operators ADD COLUMN IF NOT EXISTS initial_version_key text COLLATE "C";
ALTER TABLE record_operators ADD COLUMN IF NOT EXISTS upgrade_started_at bigint;
ALTER TABLE record_operators ADD COLUMN IF NOT EXISTS upgrade_ended_at bigint;
ALTER TABLE record_operators ADD COLUMN IF NOT EXISTS maintenance_started_at bigint;
ALTER TABLE record_operators ADD COLUMN IF NOT EXISTS maintenance_ended_at bigint;
UPDATE record_operators o SET status = r.status, mode = r.mode, target_version_key = r.target_version_key,
        initial_version_key = r.initial_version_key, upgrade_started_at = r.upgrade_started_at,
        upgrade_ended_at = r.upgrade_ended_at, maintenance_started_at = r.maintenance_started_at,
        maintenance_ended_at = r.maintenance_ended_at
    FROM upgrade_records r WHERE r.id = o.record_id AND o.status IS NULL;
ALTER TABLE record_operators ALTER COLUMN status SET NOT NULL, ALTER COLUMN mode SET NOT NULL,
    ALTER COLUMN target_version_key SET NOT NULL, ALTER COLUMN initial_version_key SET NOT NULL;

-- One operator's records newest first, with every copied column in the index so that filters and duration orders are
-- answered without reading the table.
DROP INDEX IF EXISTS ix_record_operators_actor_created;
CREATE INDEX IF NOT EXISTS ix_record_operators_actor_search ON record_operators (actor, created_at DESC, record_id DESC)
    INCLUDE (status, mode, target_version_key, initial_version_key, upgrade_started_at, upgrade_ended_at,
        maintenance_started_at, maintenance_ended_at);
CREATE INDEX IF NOT EXISTS ix_record_operators_record ON record_operators (record_id);

CREATE OR REPLACE FUNCTION upgradekit_record_operators_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_operators (actor, record_id, created_at, status, mode, target_version_key, initial_version_key,
            upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at)
        SELECT n.created_by, n.id, n.created_at, n.status, n.mode, n.target_version_key, n.initial_version_key,
            n.upgrade_started_at, n.upgrade_ended_at, n.maintenance_started_at, n.maintenance_ended_at
        FROM created_records n
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_record_operators_audited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_operators (actor, record_id, created_at, status, mode, target_version_key, initial_version_key,
            upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at)
        SELECT n.actor, r.id, r.created_at, r.status, r.mode, r.target_version_key, r.initial_version_key,
            r.upgrade_started_at, r.upgrade_ended_at, r.maintenance_started_at, r.maintenance_ended_at
        FROM (SELECT DISTINCT e.actor, e.record_id FROM added_entries e) n JOIN upgrade_records r ON r.id = n.record_id
        WHERE NOT EXISTS (SELECT 1 FROM record_operators o WHERE o.actor = n.actor AND o.record_id = n.record_id)
        FOR SHARE OF r
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_record_operators_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE record_operators SET created_at = NEW.created_at, status = NEW.status, mode = NEW.mode,
            target_version_key = NEW.target_version_key, initial_version_key = NEW.initial_version_key,
            upgrade_started_at = NEW.upgrade_started_at, upgrade_ended_at = NEW.upgrade_ended_at,
            maintenance_started_at = NEW.maintenance_started_at, maintenance_ended_at = NEW.maintenance_ended_at
        WHERE record_id = NEW.id;
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
-- Row by row, and only when a copied column changed (most updates of a record change none of them: no call at all).
DROP TRIGGER IF EXISTS tr_upgrade_records_operators_changed ON upgrade_records;
CREATE TRIGGER tr_upgrade_records_operators_changed AFTER UPDATE ON upgrade_records FOR EACH ROW
    WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.mode IS DISTINCT FROM NEW.mode OR OLD.target_version_key IS DISTINCT FROM NEW.target_version_key
        OR OLD.initial_version_key IS DISTINCT FROM NEW.initial_version_key
        OR OLD.upgrade_started_at IS DISTINCT FROM NEW.upgrade_started_at OR OLD.upgrade_ended_at IS DISTINCT FROM NEW.upgrade_ended_at
        OR OLD.maintenance_started_at IS DISTINCT FROM NEW.maintenance_started_at
        OR OLD.maintenance_ended_at IS DISTINCT FROM NEW.maintenance_ended_at)
    EXECUTE FUNCTION upgradekit_record_operators_changed();
DROP TRIGGER IF EXISTS tr_audit_entries_operators_added ON audit_entries;
CREATE TRIGGER tr_audit_entries_operators_added AFTER INSERT ON audit_entries
    REFERENCING NEW TABLE AS added_entries FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_record_operators_audited();
DROP TRIGGER IF EXISTS tr_audit_entries_operators_removed ON audit_entries;
CREATE TRIGGER tr_audit_entries_operators_removed AFTER DELETE ON audit_entries
    REFERENCING OLD TABLE AS removed_entries FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_record_operators_unaudited();

INSERT INTO record_operators (actor, record_id, created_at, status, mode, target_version_key, initial_version_key,
        upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at)
    SELECT created_by, id, created_at, status, mode, target_version_key, initial_version_key,
        upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at
    FROM upgrade_records ON CONFLICT DO NOTHING;
INSERT INTO record_operators (actor, record_id, created_at, status, mode, target_version_key, initial_version_key,
        upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at)
    SELECT a.actor, r.id, r.created_at, r.status, r.mode, r.target_version_key, r.initial_version_key,
        r.upgrade_started_at, r.upgrade_ended_at, r.maintenance_started_at, r.maintenance_ended_at
    FROM (SELECT DISTINCT actor, record_id FROM audit_entries) a JOIN upgrade_records r ON r.id = a.record_id
    ON CONFLICT DO NOTHING;
