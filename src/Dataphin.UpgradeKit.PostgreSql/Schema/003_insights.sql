-- Schema version 3, what the insights over every record read (R-INS-1/2), PostgreSQL only: insights_recoveries below,
-- insights_counts and insights_buckets further down (docs/storage.md, "Insights over every record from kept tables").
-- insights_recoveries holds one row
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

-- Counts and durations of every record (all time), for the insights over all records: insights_counts per group and
-- status, insights_buckets per group, metric (1 upgrade, 2 maintenance duration) and bucket of the duration (32
-- buckets per doubling: upgradekit_insights_bucket; a bucket's values are read in order from the duration indexes).
-- Groups: kind 0 overall (mode 0, tkey ''), 1 per mode (tkey ''), 2 per target version key (mode 0). The same
-- statement triggers keep both by adding each statement's new rows and subtracting its old ones, in key order (no lock
-- besides the rows'); a count that falls to 0 stays as a row with n = 0.
CREATE TABLE IF NOT EXISTS insights_counts (
    kind   smallint NOT NULL,
    mode   integer  NOT NULL,
    tkey   text COLLATE "C" NOT NULL,
    status integer  NOT NULL,
    n      bigint   NOT NULL,
    CONSTRAINT pk_insights_counts PRIMARY KEY (kind, mode, tkey, status)
);

CREATE TABLE IF NOT EXISTS insights_buckets (
    kind   smallint NOT NULL,
    mode   integer  NOT NULL,
    tkey   text COLLATE "C" NOT NULL,
    metric smallint NOT NULL,
    bucket integer  NOT NULL,
    n      bigint   NOT NULL,
    CONSTRAINT pk_insights_buckets PRIMARY KEY (kind, mode, tkey, metric, bucket)
);

-- The bucket of a duration in ticks: -1 below 0, the value itself below 64, else 32 buckets per doubling (the top six
-- bits); upgradekit_insights_bucket_low/high are its smallest and largest value (InsightsSql reads between them).
CREATE OR REPLACE FUNCTION upgradekit_insights_bucket(v bigint) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN v < 0 THEN -1 WHEN v < 64 THEN v::integer
        ELSE (63 - position('1' in v::bit(64)::text) - 4) * 32 + (v >> (63 - position('1' in v::bit(64)::text) - 4))::integer END
$$;
CREATE OR REPLACE FUNCTION upgradekit_insights_bucket_low(b integer) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN b < 0 THEN -9223372036854775808 WHEN b < 64 THEN b::bigint ELSE ((b % 32) + 32)::bigint << (b / 32 - 1) END
$$;
CREATE OR REPLACE FUNCTION upgradekit_insights_bucket_high(b integer) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN b < 0 THEN -1 WHEN b >= 1887 THEN 9223372036854775807 ELSE upgradekit_insights_bucket_low(b + 1) - 1 END
$$;

-- The durations of a version in order, for reading a bucket's values (per mode and overall: the list's duration indexes).
CREATE INDEX IF NOT EXISTS ix_upgrade_records_version_upgrade_duration ON upgrade_records (target_version_key, (upgrade_ended_at - upgrade_started_at));
CREATE INDEX IF NOT EXISTS ix_upgrade_records_version_maintenance_duration ON upgrade_records (target_version_key, (maintenance_ended_at - maintenance_started_at));

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

-- The rows of a change as -1 per removed row and +1 per added one (see upgradekit_insights_records_changed).
CREATE OR REPLACE FUNCTION upgradekit_insights_changes(old_rows jsonb, new_rows jsonb)
    RETURNS TABLE (d integer, status integer, mode integer, tkey text, du bigint, dm bigint) LANGUAGE sql IMMUTABLE AS $$
    SELECT -1, o.status, o.mode, o.tkey COLLATE "C", o.du, o.dm
        FROM jsonb_to_recordset(old_rows) AS o(status integer, mode integer, tkey text, du bigint, dm bigint)
    UNION ALL SELECT 1, n.status, n.mode, n.tkey COLLATE "C", n.du, n.dm
        FROM jsonb_to_recordset(new_rows) AS n(status integer, mode integer, tkey text, du bigint, dm bigint)
$$;

-- What a statement changed in upgrade_records, as the rows it removed (old_rows) and added (new_rows), each a jsonb array of
-- objects with the record's id, created_at, mode, tkey, status, ended, du and dm: the next successes of the failures it
-- touched, then the counts and duration buckets (-1 per removed row, +1 per added one), upserted in key order.
CREATE OR REPLACE FUNCTION upgradekit_insights_records_changed(old_rows jsonb, new_rows jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_apply(
        (SELECT COALESCE(jsonb_agg(jsonb_build_object('cls', CASE WHEN o.status IN (4, 7) THEN 's' ELSE 'f' END, 'id', o.id,
            'created_at', o.created_at, 'mode', o.mode, 'tkey', o.tkey, 'ended', o.ended)), '[]'::jsonb)
            FROM jsonb_to_recordset(old_rows) AS o(id uuid, created_at bigint, mode integer, tkey text, status integer, ended bigint)
            WHERE o.status IN (4, 5, 7, 8) AND o.ended IS NOT NULL),
        (SELECT COALESCE(jsonb_agg(jsonb_build_object('cls', CASE WHEN n.status IN (4, 7) THEN 's' ELSE 'f' END, 'id', n.id,
            'created_at', n.created_at, 'mode', n.mode, 'tkey', n.tkey, 'ended', n.ended)), '[]'::jsonb)
            FROM jsonb_to_recordset(new_rows) AS n(id uuid, created_at bigint, mode integer, tkey text, status integer, ended bigint)
            WHERE n.status IN (4, 5, 7, 8) AND n.ended IS NOT NULL));
    WITH ch AS (SELECT * FROM upgradekit_insights_changes(old_rows, new_rows))
    INSERT INTO insights_counts AS c (kind, mode, tkey, status, n)
        SELECT kind, mode, tkey, status, SUM(d) FROM (
            SELECT d, 0 AS kind, 0 AS mode, '' COLLATE "C" AS tkey, status FROM ch
            UNION ALL SELECT d, 1, mode, '' COLLATE "C", status FROM ch
            UNION ALL SELECT d, 2, 0, tkey, status FROM ch) x
        GROUP BY kind, mode, tkey, status HAVING SUM(d) <> 0 ORDER BY kind, mode, tkey, status
        ON CONFLICT (kind, mode, tkey, status) DO UPDATE SET n = c.n + excluded.n;
    WITH ch AS (SELECT * FROM upgradekit_insights_changes(old_rows, new_rows)),
    v AS (SELECT d, mode, tkey, 1 AS metric, upgradekit_insights_bucket(du) AS bucket FROM ch WHERE du IS NOT NULL
        UNION ALL SELECT d, mode, tkey, 2, upgradekit_insights_bucket(dm) FROM ch WHERE dm IS NOT NULL)
    INSERT INTO insights_buckets AS b (kind, mode, tkey, metric, bucket, n)
        SELECT kind, mode, tkey, metric, bucket, SUM(d) FROM (
            SELECT d, 0 AS kind, 0 AS mode, '' COLLATE "C" AS tkey, metric, bucket FROM v
            UNION ALL SELECT d, 1, mode, '' COLLATE "C", metric, bucket FROM v
            UNION ALL SELECT d, 2, 0, tkey, metric, bucket FROM v) x
        GROUP BY kind, mode, tkey, metric, bucket HAVING SUM(d) <> 0 ORDER BY kind, mode, tkey, metric, bucket
        ON CONFLICT (kind, mode, tkey, metric, bucket) DO UPDATE SET n = b.n + excluded.n;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_insights_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_records_changed('[]'::jsonb,
        (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', n.id, 'created_at', n.created_at, 'mode', n.mode, 'tkey', n.target_version_key, 'status', n.status, 'ended', n.upgrade_ended_at, 'du', n.upgrade_ended_at - n.upgrade_started_at, 'dm', n.maintenance_ended_at - n.maintenance_started_at)), '[]'::jsonb) FROM inserted_records n));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_insights_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_records_changed(
        (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', o.id, 'created_at', o.created_at, 'mode', o.mode, 'tkey', o.target_version_key, 'status', o.status, 'ended', o.upgrade_ended_at, 'du', o.upgrade_ended_at - o.upgrade_started_at, 'dm', o.maintenance_ended_at - o.maintenance_started_at)), '[]'::jsonb) FROM updated_old o),
        (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', n.id, 'created_at', n.created_at, 'mode', n.mode, 'tkey', n.target_version_key, 'status', n.status, 'ended', n.upgrade_ended_at, 'du', n.upgrade_ended_at - n.upgrade_started_at, 'dm', n.maintenance_ended_at - n.maintenance_started_at)), '[]'::jsonb) FROM updated_new n));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_insights_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_records_changed(
        (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', o.id, 'created_at', o.created_at, 'mode', o.mode, 'tkey', o.target_version_key, 'status', o.status, 'ended', o.upgrade_ended_at, 'du', o.upgrade_ended_at - o.upgrade_started_at, 'dm', o.maintenance_ended_at - o.maintenance_started_at)), '[]'::jsonb) FROM deleted_records o), '[]'::jsonb);
    RETURN NULL;
END $$;

-- The times to recover in insights_buckets too (metric 3 overall, 4 per mode, 5 per version), kept from this table's changes:
-- the rows a statement removed (-1) and added (+1), as jsonb arrays of objects with mode, tkey, ended and the next ends.
CREATE OR REPLACE FUNCTION upgradekit_insights_recoveries_changed(old_rows jsonb, new_rows jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH ch AS (
        SELECT -1 AS d, o.mode, o.tkey COLLATE "C" AS tkey, o.ended, o.n0_ended, o.nm_ended, o.nv_ended
            FROM jsonb_to_recordset(old_rows) AS o(mode integer, tkey text, ended bigint, n0_ended bigint, nm_ended bigint, nv_ended bigint)
        UNION ALL SELECT 1, n.mode, n.tkey COLLATE "C", n.ended, n.n0_ended, n.nm_ended, n.nv_ended
            FROM jsonb_to_recordset(new_rows) AS n(mode integer, tkey text, ended bigint, n0_ended bigint, nm_ended bigint, nv_ended bigint)),
    v AS (SELECT d, 0 AS kind, 0 AS mode, '' COLLATE "C" AS tkey, 3 AS metric, upgradekit_insights_bucket(n0_ended - ended) AS bucket FROM ch WHERE n0_ended IS NOT NULL
        UNION ALL SELECT d, 1, mode, '' COLLATE "C", 4, upgradekit_insights_bucket(nm_ended - ended) FROM ch WHERE nm_ended IS NOT NULL
        UNION ALL SELECT d, 2, 0, tkey, 5, upgradekit_insights_bucket(nv_ended - ended) FROM ch WHERE nv_ended IS NOT NULL)
    INSERT INTO insights_buckets AS b (kind, mode, tkey, metric, bucket, n)
        SELECT kind, mode, tkey, metric, bucket, SUM(d) FROM v
        GROUP BY kind, mode, tkey, metric, bucket HAVING SUM(d) <> 0 ORDER BY kind, mode, tkey, metric, bucket
        ON CONFLICT (kind, mode, tkey, metric, bucket) DO UPDATE SET n = b.n + excluded.n;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_insights_recoveries_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_recoveries_changed('[]'::jsonb, (SELECT COALESCE(jsonb_agg(jsonb_build_object('mode', n.mode, 'tkey', n.tkey, 'ended', n.ended, 'n0_ended', n.n0_ended, 'nm_ended', n.nm_ended, 'nv_ended', n.nv_ended)), '[]'::jsonb) FROM inserted_recoveries n));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_insights_recoveries_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_recoveries_changed((SELECT COALESCE(jsonb_agg(jsonb_build_object('mode', o.mode, 'tkey', o.tkey, 'ended', o.ended, 'n0_ended', o.n0_ended, 'nm_ended', o.nm_ended, 'nv_ended', o.nv_ended)), '[]'::jsonb) FROM updated_old o),
        (SELECT COALESCE(jsonb_agg(jsonb_build_object('mode', n.mode, 'tkey', n.tkey, 'ended', n.ended, 'n0_ended', n.n0_ended, 'nm_ended', n.nm_ended, 'nv_ended', n.nv_ended)), '[]'::jsonb) FROM updated_new n));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION upgradekit_insights_recoveries_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upgradekit_insights_recoveries_changed((SELECT COALESCE(jsonb_agg(jsonb_build_object('mode', o.mode, 'tkey', o.tkey, 'ended', o.ended, 'n0_ended', o.n0_ended, 'nm_ended', o.nm_ended, 'nv_ended', o.nv_ended)), '[]'::jsonb) FROM deleted_recoveries o), '[]'::jsonb);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS tr_insights_recoveries_inserted ON insights_recoveries;
CREATE TRIGGER tr_insights_recoveries_inserted AFTER INSERT ON insights_recoveries
    REFERENCING NEW TABLE AS inserted_recoveries FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_insights_recoveries_inserted();
DROP TRIGGER IF EXISTS tr_insights_recoveries_updated ON insights_recoveries;
CREATE TRIGGER tr_insights_recoveries_updated AFTER UPDATE ON insights_recoveries
    REFERENCING OLD TABLE AS updated_old NEW TABLE AS updated_new FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_insights_recoveries_updated();
DROP TRIGGER IF EXISTS tr_insights_recoveries_deleted ON insights_recoveries;
CREATE TRIGGER tr_insights_recoveries_deleted AFTER DELETE ON insights_recoveries
    REFERENCING OLD TABLE AS deleted_recoveries FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_insights_recoveries_deleted();

-- The times to recover in order, for reading a bucket's values.
CREATE INDEX IF NOT EXISTS ix_insights_recoveries_overall ON insights_recoveries ((n0_ended - ended));
CREATE INDEX IF NOT EXISTS ix_insights_recoveries_mode ON insights_recoveries (mode, (nm_ended - ended));
CREATE INDEX IF NOT EXISTS ix_insights_recoveries_version ON insights_recoveries (tkey, (nv_ended - ended));

DROP TRIGGER IF EXISTS tr_upgrade_records_insights_inserted ON upgrade_records;
CREATE TRIGGER tr_upgrade_records_insights_inserted AFTER INSERT ON upgrade_records
    REFERENCING NEW TABLE AS inserted_records FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_insights_inserted();
DROP TRIGGER IF EXISTS tr_upgrade_records_insights_updated ON upgrade_records;
CREATE TRIGGER tr_upgrade_records_insights_updated AFTER UPDATE ON upgrade_records
    REFERENCING OLD TABLE AS updated_old NEW TABLE AS updated_new FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_insights_updated();
DROP TRIGGER IF EXISTS tr_upgrade_records_insights_deleted ON upgrade_records;
CREATE TRIGGER tr_upgrade_records_insights_deleted AFTER DELETE ON upgrade_records
    REFERENCING OLD TABLE AS deleted_records FOR EACH STATEMENT EXECUTE FUNCTION upgradekit_insights_deleted();

-- The counts and buckets of an existing database (skipped when they are already filled).
INSERT INTO insights_counts (kind, mode, tkey, status, n)
    SELECT CASE GROUPING(mode, target_version_key) WHEN 3 THEN 0 WHEN 1 THEN 1 ELSE 2 END, COALESCE(mode, 0), COALESCE(target_version_key, ''), status, COUNT(*)
    FROM upgrade_records WHERE NOT EXISTS (SELECT 1 FROM insights_counts)
    GROUP BY GROUPING SETS ((status), (mode, status), (target_version_key, status))
ON CONFLICT DO NOTHING;
INSERT INTO insights_buckets (kind, mode, tkey, metric, bucket, n)
    SELECT CASE GROUPING(mode, tkey) WHEN 3 THEN 0 WHEN 1 THEN 1 ELSE 2 END, COALESCE(mode, 0), COALESCE(tkey, ''), metric, bucket, COUNT(*)
    FROM (SELECT mode, target_version_key AS tkey, 1 AS metric, upgradekit_insights_bucket(upgrade_ended_at - upgrade_started_at) AS bucket
            FROM upgrade_records WHERE upgrade_ended_at - upgrade_started_at IS NOT NULL
          UNION ALL SELECT mode, target_version_key, 2, upgradekit_insights_bucket(maintenance_ended_at - maintenance_started_at)
            FROM upgrade_records WHERE maintenance_ended_at - maintenance_started_at IS NOT NULL) v
    WHERE NOT EXISTS (SELECT 1 FROM insights_buckets)
    GROUP BY GROUPING SETS ((metric, bucket), (mode, metric, bucket), (tkey, metric, bucket))
ON CONFLICT DO NOTHING;

-- The failures of an existing database and their next successes, one pass per grouping over the finished records (their
-- times to recover go to insights_buckets by the trigger on insights_recoveries).
INSERT INTO insights_recoveries (record_id, created_at, mode, tkey, ended, n0_ended, n0_created, nm_ended, nm_created, nv_ended, nv_created)
SELECT id, created_at, mode, tkey, ended, n0[1], n0[2], nm[1], nm[2], nv[1], nv[2] FROM (
    SELECT id, created_at, mode, target_version_key AS tkey, upgrade_ended_at AS ended, status,
        MIN(CASE WHEN status IN (4, 7) THEN ARRAY[upgrade_ended_at, created_at] END) OVER (ORDER BY upgrade_ended_at DESC RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS n0,
        MIN(CASE WHEN status IN (4, 7) THEN ARRAY[upgrade_ended_at, created_at] END) OVER (PARTITION BY mode ORDER BY upgrade_ended_at DESC RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS nm,
        MIN(CASE WHEN status IN (4, 7) THEN ARRAY[upgrade_ended_at, created_at] END) OVER (PARTITION BY target_version_key ORDER BY upgrade_ended_at DESC RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS nv
    FROM upgrade_records WHERE status IN (4, 5, 7, 8) AND upgrade_ended_at IS NOT NULL) t
WHERE status IN (5, 8)
ON CONFLICT (record_id) DO NOTHING;
