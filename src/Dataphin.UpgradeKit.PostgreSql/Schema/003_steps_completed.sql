-- Dataphin.UpgradeKit PostgreSQL schema, version 3: when the upgrade steps completed (R-ETA-1).
-- On the record: the instant the host reported the steps completed (Upgrading to Verifying), Unix ticks. On a comparable
-- upgrade: that instant measured from the upgrade's start, in ticks, so an estimate of an upgrade without a timeline
-- (zero-downtime) can tell how long comparables still ran after their steps. NULL for rows written before this script
-- and for upgrades that never reported it: estimates then fall back to the whole duration.
ALTER TABLE upgrade_records ADD COLUMN steps_completed_at bigint;

ALTER TABLE estimate_comparables ADD COLUMN steps_completed_end bigint;
