-- Dataphin.UpgradeKit PostgreSQL schema, version 3: comparable upgrades for estimates (R-ETA-1).
-- One row per succeeded upgrade: its mode (UpgradeMode), when it finished, its duration and, per timeline node, when
-- the node ended, measured from the upgrade's start; a node it never finished is NULL. Times and durations are ticks
-- (Unix ticks for finished_at). An estimate reads the newest rows of one mode through the index, never the history.
CREATE TABLE estimate_comparables (
    record_id            uuid NOT NULL PRIMARY KEY,
    mode                 integer NOT NULL,
    finished_at          bigint NOT NULL,
    duration             bigint NOT NULL,
    stop_services_end    bigint,
    database_backup_end  bigint,
    upgrade_services_end bigint,
    data_update_end      bigint,
    studio_upgrade_end   bigint
);

CREATE INDEX ix_estimate_comparables_mode_finished ON estimate_comparables (mode, finished_at DESC, record_id DESC);

-- The succeeded upgrades an existing database already holds (status 4 = Succeeded). A node ended when every subject
-- of it that started has an end not before its start (as the timeline aggregation decides); its end is the latest.
WITH node_ends AS (
    SELECT record_id, node, max(ended_at) AS ended_at
    FROM timeline_summaries
    GROUP BY record_id, node
    HAVING sum(CASE WHEN ended_at IS NULL OR (started_at IS NOT NULL AND ended_at < started_at) THEN 1 ELSE 0 END) = 0
)
INSERT INTO estimate_comparables (record_id, mode, finished_at, duration,
    stop_services_end, database_backup_end, upgrade_services_end, data_update_end, studio_upgrade_end)
SELECT r.id, r.mode, r.upgrade_ended_at, r.upgrade_ended_at - r.upgrade_started_at,
    (SELECT n.ended_at - r.upgrade_started_at FROM node_ends n WHERE n.record_id = r.id AND n.node = 0 AND n.ended_at BETWEEN r.upgrade_started_at AND r.upgrade_ended_at),
    (SELECT n.ended_at - r.upgrade_started_at FROM node_ends n WHERE n.record_id = r.id AND n.node = 1 AND n.ended_at BETWEEN r.upgrade_started_at AND r.upgrade_ended_at),
    (SELECT n.ended_at - r.upgrade_started_at FROM node_ends n WHERE n.record_id = r.id AND n.node = 2 AND n.ended_at BETWEEN r.upgrade_started_at AND r.upgrade_ended_at),
    (SELECT n.ended_at - r.upgrade_started_at FROM node_ends n WHERE n.record_id = r.id AND n.node = 3 AND n.ended_at BETWEEN r.upgrade_started_at AND r.upgrade_ended_at),
    (SELECT n.ended_at - r.upgrade_started_at FROM node_ends n WHERE n.record_id = r.id AND n.node = 4 AND n.ended_at BETWEEN r.upgrade_started_at AND r.upgrade_ended_at)
FROM upgrade_records r
WHERE r.status = 4 AND r.upgrade_started_at IS NOT NULL AND r.upgrade_ended_at >= r.upgrade_started_at;
