-- Schema version 3, the time to recover of the insights (R-INS-1/2), PostgreSQL only. insights_recoveries holds one row
-- per finished failure (Failed or ForceStoppedFailed with an upgrade end): its end, mode, target version key and creation
-- time, and the next success strictly later (Succeeded or ForceStoppedSucceeded with an upgrade end: the earliest end
-- later than the failure's, with that success's creation time, the earliest creation among equal ends) overall, in its
-- mode and in its version. The insights read the times to recover from it instead of ordering every finished record;
-- with an interval, a failure whose stored next success was created outside it is looked up again for that call.
-- Statement triggers on upgrade_records keep it: a failure that appears (inserted, or updated into a finished failure)
-- gets its row with its next successes looked up; a failure that goes (deleted, or its status, end, mode, version or
-- creation changed) loses it; a success that appears or goes makes every failure whose next success it can be, or was,
-- look its next successes up again (out-of-order ends included: a new success may end before another one). Finishing
-- or removing successes and failures takes a transaction-level advisory lock, so that concurrent writers keep the table
-- in one order (each lookup sees what the previous holder committed); other updates of records take no lock.
-- The rows an existing database already implies are filled in below.
CREATE TABLE IF NOT EXISTS insights_recoveries (
    record_id  uuid   NOT NULL,
    created_at bigint NOT NULL,
    mode       integer NOT NULL,
    tkey       text COLLATE "C" NOT NULL,
    ended      bigint NOT NULL,
    n0_ended   bigint,
    n0_created bigint,
    nm_ended   bigint,
    nm_created bigint,
    nv_ended   bigint,
    nv_created bigint,
    CONSTRAINT pk_insights_recoveries PRIMARY KEY (record_id)
);

CREATE INDEX IF NOT EXISTS ix_insights_recoveries_created ON insights_recoveries (created_at);
CREATE INDEX IF NOT EXISTS ix_insights_recoveries_n0 ON insights_recoveries ((COALESCE(n0_ended, 9223372036854775807)), ended);
CREATE INDEX IF NOT EXISTS ix_insights_recoveries_nm ON insights_recoveries (mode, (COALESCE(nm_ended, 9223372036854775807)), ended);
CREATE INDEX IF NOT EXISTS ix_insights_recoveries_nv ON insights_recoveries (tkey, (COALESCE(nv_ended, 9223372036854775807)), ended);

-- The successes by end, for the lookups (overall, per mode, per version); created_at orders equal ends and serves the
-- interval's filter from the index.
CREATE INDEX IF NOT EXISTS ix_upgrade_records_success_end ON upgrade_records (upgrade_ended_at, created_at)
    WHERE status IN (4, 7) AND upgrade_ended_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_upgrade_records_success_mode_end ON upgrade_records (mode, upgrade_ended_at, created_at)
    WHERE status IN (4, 7) AND upgrade_ended_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_upgrade_records_success_version_end ON upgrade_records (target_version_key, upgrade_ended_at, created_at)
    WHERE status IN (4, 7) AND upgrade_ended_at IS NOT NULL;

-- Looks up the next successes of the given failures again (every lookup one index seek).
CREATE OR REPLACE FUNCTION upgradekit_insights_recompute(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE insights_recoveries f SET
        (n0_ended, n0_created) = (SELECT s.upgrade_ended_at, s.created_at FROM upgrade_records s
            WHERE s.status IN (4, 7) AND s.upgrade_ended_at IS NOT NULL AND s.upgrade_ended_at > f.ended
            ORDER BY s.upgrade_ended_at, s.created_at LIMIT 1),
        (nm_ended, nm_created) = (SELECT s.upgrade_ended_at, s.created_at FROM upgrade_records s
            WHERE s.status IN (4, 7) AND s.upgrade_ended_at IS NOT NULL AND s.mode = f.mode AND s.upgrade_ended_at > f.ended
            ORDER BY s.mode, s.upgrade_ended_at, s.created_at LIMIT 1),
        (nv_ended, nv_created) = (SELECT s.upgrade_ended_at, s.created_at FROM upgrade_records s
            WHERE s.status IN (4, 7) AND s.upgrade_ended_at IS NOT NULL AND s.target_version_key = f.tkey AND s.upgrade_ended_at > f.ended
            ORDER BY s.target_version_key, s.upgrade_ended_at, s.created_at LIMIT 1)
    FROM (SELECT DISTINCT id FROM unnest(ids) AS u (id) ORDER BY id) k
    WHERE f.record_id = k.id;
END $$;

-- The finished successes ('s') and failures ('f') a statement removed (old) and added (new), then the table kept.
CREATE OR REPLACE FUNCTION upgradekit_insights_apply(old_rows jsonb, new_rows jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    changes jsonb;
    affected uuid[];
BEGIN
    SELECT jsonb_agg(to_jsonb(x)) INTO changes FROM (
        SELECT 'o' AS side, * FROM (
            SELECT * FROM jsonb_to_recordset(old_rows) AS o (cls text, id uuid, created_at bigint, mode integer, tkey text, ended bigint)
            EXCEPT SELECT * FROM jsonb_to_recordset(new_rows) AS n (cls text, id uuid, created_at bigint, mode integer, tkey text, ended bigint)) r
        UNION ALL
        SELECT 'n', * FROM (
            SELECT * FROM jsonb_to_recordset(new_rows) AS n (cls text, id uuid, created_at bigint, mode integer, tkey text, ended bigint)
            EXCEPT SELECT * FROM jsonb_to_recordset(old_rows) AS o (cls text, id uuid, created_at bigint, mode integer, tkey text, ended bigint)) a) x;
    IF changes IS NULL THEN
        RETURN;
    END IF;

    -- One writer at a time from here to its commit; every statement below sees what earlier holders committed.
    PERFORM pg_advisory_xact_lock(7236541058923312501);
    DELETE FROM insights_recoveries f USING jsonb_to_recordset(changes) AS c (side text, cls text, id uuid)
        WHERE c.side = 'o' AND c.cls = 'f' AND f.record_id = c.id;
    INSERT INTO insights_recoveries (record_id, created_at, mode, tkey, ended)
        SELECT c.id, c.created_at, c.mode, c.tkey, c.ended
        FROM jsonb_to_recordset(changes) AS c (side text, cls text, id uuid, created_at bigint, mode integer, tkey text, ended bigint)
        WHERE c.side = 'n' AND c.cls = 'f' ORDER BY c.id
        ON CONFLICT (record_id) DO UPDATE SET created_at = excluded.created_at, mode = excluded.mode, tkey = excluded.tkey, ended = excluded.ended;
    WITH c AS (SELECT * FROM jsonb_to_recordset(changes) AS c (side text, cls text, id uuid, mode integer, tkey text, ended bigint))
    SELECT array_agg(id) INTO affected FROM (
        SELECT c.id FROM c WHERE c.side = 'n' AND c.cls = 'f'
        -- a removed success was the next one of these (equal ends: another may remain, the lookup finds it)
        UNION SELECT f.record_id FROM c JOIN insights_recoveries f
            ON COALESCE(f.n0_ended, 9223372036854775807) = c.ended WHERE c.side = 'o' AND c.cls = 's'
        UNION SELECT f.record_id FROM c JOIN insights_recoveries f
            ON f.mode = c.mode AND COALESCE(f.nm_ended, 9223372036854775807) = c.ended WHERE c.side = 'o' AND c.cls = 's'
        UNION SELECT f.record_id FROM c JOIN insights_recoveries f
            ON f.tkey = c.tkey COLLATE "C" AND COALESCE(f.nv_ended, 9223372036854775807) = c.ended WHERE c.side = 'o' AND c.cls = 's'
        -- an added success ends after these failures and not after their next one (or they had none)
        UNION SELECT f.record_id FROM c JOIN insights_recoveries f
            ON COALESCE(f.n0_ended, 9223372036854775807) >= c.ended AND f.ended < c.ended WHERE c.side = 'n' AND c.cls = 's'
        UNION SELECT f.record_id FROM c JOIN insights_recoveries f
            ON f.mode = c.mode AND COALESCE(f.nm_ended, 9223372036854775807) >= c.ended AND f.ended < c.ended WHERE c.side = 'n' AND c.cls = 's'
        UNION SELECT f.record_id FROM c JOIN insights_recoveries f
            ON f.tkey = c.tkey COLLATE "C" AND COALESCE(f.nv_ended, 9223372036854775807) >= c.ended AND f.ended < c.ended
            WHERE c.side = 'n' AND c.cls = 's') x;
    IF affected IS NOT NULL THEN
        PERFORM upgradekit_insights_recompute(affected);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_insights_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_apply('[]'::jsonb, (SELECT COALESCE(jsonb_agg(jsonb_build_object(
        'cls', CASE WHEN n.status IN (4, 7) THEN 's' ELSE 'f' END, 'id', n.id, 'created_at', n.created_at, 'mode', n.mode,
        'tkey', n.target_version_key, 'ended', n.upgrade_ended_at)), '[]'::jsonb)
        FROM inserted_records n WHERE n.status IN (4, 5, 7, 8) AND n.upgrade_ended_at IS NOT NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_insights_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_apply((SELECT COALESCE(jsonb_agg(jsonb_build_object(
        'cls', CASE WHEN o.status IN (4, 7) THEN 's' ELSE 'f' END, 'id', o.id, 'created_at', o.created_at, 'mode', o.mode,
        'tkey', o.target_version_key, 'ended', o.upgrade_ended_at)), '[]'::jsonb)
        FROM updated_old o WHERE o.status IN (4, 5, 7, 8) AND o.upgrade_ended_at IS NOT NULL),
        (SELECT COALESCE(jsonb_agg(jsonb_build_object(
        'cls', CASE WHEN n.status IN (4, 7) THEN 's' ELSE 'f' END, 'id', n.id, 'created_at', n.created_at, 'mode', n.mode,
        'tkey', n.target_version_key, 'ended', n.upgrade_ended_at)), '[]'::jsonb)
        FROM updated_new n WHERE n.status IN (4, 5, 7, 8) AND n.upgrade_ended_at IS NOT NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_insights_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_apply((SELECT COALESCE(jsonb_agg(jsonb_build_object(
        'cls', CASE WHEN o.status IN (4, 7) THEN 's' ELSE 'f' END, 'id', o.id, 'created_at', o.created_at, 'mode', o.mode,
        'tkey', o.target_version_key, 'ended', o.upgrade_ended_at)), '[]'::jsonb)
        FROM deleted_records o WHERE o.status IN (4, 5, 7, 8) AND o.upgrade_ended_at IS NOT NULL), '[]'::jsonb);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS tr_upgrade_records_insights_inserted ON upgrade_records;
CREATE TRIGGER tr_upgrade_records_insights_inserted AFTER INSERT ON upgrade_records
    REFERENCING NEW TABLE AS inserted_records FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_insights_inserted();
DROP TRIGGER IF EXISTS tr_upgrade_records_insights_updated ON upgrade_records;
CREATE TRIGGER tr_upgrade_records_insights_updated AFTER UPDATE ON upgrade_records
    REFERENCING OLD TABLE AS updated_old NEW TABLE AS updated_new FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_insights_updated();
DROP TRIGGER IF EXISTS tr_upgrade_records_insights_deleted ON upgrade_records;
CREATE TRIGGER tr_upgrade_records_insights_deleted AFTER DELETE ON upgrade_records
    REFERENCING OLD TABLE AS deleted_records FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_insights_deleted();

-- The failures of an existing database, and their next successes (one pass per grouping over the finished records).
INSERT INTO insights_recoveries (record_id, created_at, mode, tkey, ended, n0_ended, n0_created, nm_ended, nm_created, nv_ended, nv_created)
SELECT id, created_at, mode, tkey, ended, n0[1], n0[2], nm[1], nm[2], nv[1], nv[2] FROM (
    SELECT id, created_at, mode, target_version_key AS tkey, upgrade_ended_at AS ended, status,
        MIN(CASE WHEN status IN (4, 7) THEN ARRAY[upgrade_ended_at, created_at] END) OVER (ORDER BY upgrade_ended_at DESC RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS n0,
        MIN(CASE WHEN status IN (4, 7) THEN ARRAY[upgrade_ended_at, created_at] END) OVER (PARTITION BY mode ORDER BY upgrade_ended_at DESC RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS nm,
        MIN(CASE WHEN status IN (4, 7) THEN ARRAY[upgrade_ended_at, created_at] END) OVER (PARTITION BY target_version_key ORDER BY upgrade_ended_at DESC RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS nv
    FROM upgrade_records WHERE status IN (4, 5, 7, 8) AND upgrade_ended_at IS NOT NULL) t
WHERE status IN (5, 8)
ON CONFLICT (record_id) DO NOTHING
