-- Dataphin.UpgradeKit SQLite schema, version 2: per-subject timeline summaries (R-TIME-11).
-- One row per record, node and subject, kept by every append in its own transaction, so that a report and a
-- timeline read cost what the subjects cost, not what the stream holds. node is TimelineNodeKind. Times are Unix
-- ticks. The row is what TimelineSubjectSummary holds: earliest start, earliest and latest end, the outcome of the
-- latest end (equal ends: the higher outcome), the link of the latest event carrying one (equal times: the greater
-- link). A row whose columns are all NULL exists only inside an append that has not merged yet.
CREATE TABLE timeline_summaries (
    record_id       TEXT    NOT NULL,
    node            INTEGER NOT NULL,
    subject         TEXT    NOT NULL,
    started_at      INTEGER,
    first_ended_at  INTEGER,
    ended_at        INTEGER,
    outcome         INTEGER,
    details_link    TEXT,
    details_link_at INTEGER,
    PRIMARY KEY (record_id, node, subject)
) WITHOUT ROWID;

-- The summaries of the events an existing database already holds. TimelineEventKind numbers a node's start kind
-- 2n + 1 and its end kind 2n + 2, so node = (kind - 1) / 2 and a start is an odd kind.
WITH events AS (
    SELECT record_id, (kind - 1) / 2 AS node, kind % 2 = 1 AS is_start, subject, at, outcome, details_link
    FROM timeline_events
),
spans AS (
    SELECT record_id, node, subject,
           min(CASE WHEN is_start THEN at END) AS started_at,
           min(CASE WHEN NOT is_start THEN at END) AS first_ended_at,
           max(CASE WHEN NOT is_start THEN at END) AS ended_at
    FROM events
    GROUP BY record_id, node, subject
),
last_ends AS (
    SELECT record_id, node, subject, outcome,
           row_number() OVER (PARTITION BY record_id, node, subject ORDER BY at DESC, coalesce(outcome, 0) DESC) AS n
    FROM events
    WHERE NOT is_start
),
last_links AS (
    SELECT record_id, node, subject, details_link, at,
           row_number() OVER (PARTITION BY record_id, node, subject ORDER BY at DESC, details_link COLLATE BINARY DESC) AS n
    FROM events
    WHERE details_link IS NOT NULL
)
INSERT INTO timeline_summaries (record_id, node, subject, started_at, first_ended_at, ended_at, outcome, details_link, details_link_at)
SELECT s.record_id, s.node, s.subject, s.started_at, s.first_ended_at, s.ended_at, e.outcome, l.details_link, l.at
FROM spans s
LEFT JOIN last_ends e ON e.record_id = s.record_id AND e.node = s.node AND e.subject = s.subject AND e.n = 1
LEFT JOIN last_links l ON l.record_id = s.record_id AND l.node = s.node AND l.subject = s.subject AND l.n = 1;
