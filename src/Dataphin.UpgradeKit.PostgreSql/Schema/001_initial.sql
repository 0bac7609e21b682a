-- Dataphin.UpgradeKit PostgreSQL schema, version 1.
-- Apply once, inside one transaction, to the schema the store's connection uses (its search_path), or let
-- PostgreSqlUpgradeStore.EnsureSchemaAsync do it. Times are Unix ticks (bigint, 100 ns since
-- 1970-01-01T00:00:00Z): exact for NodaTime instants at the SDK's tick precision and the same keyset key as the
-- continuation token. Enums are the SDK's declared numbers. A uuid orders like UpgradeRecordId's 32-hex text.

CREATE TABLE schema_version (
    version    integer     NOT NULL PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE upgrade_records (
    id                            uuid    NOT NULL PRIMARY KEY,
    version                       bigint  NOT NULL,
    status                        integer NOT NULL,
    target_version                text    NOT NULL,
    target_version_key            text    COLLATE "C" NOT NULL,
    initial_version               text    NOT NULL,
    initial_version_key           text    COLLATE "C" NOT NULL,
    mode                          integer NOT NULL,
    dss_mode                      integer NOT NULL,
    created_at                    bigint  NOT NULL,
    created_by                    text    NOT NULL,
    upgrade_started_at            bigint,
    upgrade_ended_at              bigint,
    maintenance_started_at        bigint,
    maintenance_ended_at          bigint,
    force_stop_task_ran           boolean NOT NULL,
    application_shutdown_started  boolean NOT NULL,
    current_step                  text,
    rerun_force_stopped_instances boolean,
    force_stop_result             integer,
    failure_reason                text
);

-- Newest first (keyset paging on (created_at, id)), with and without a status filter, and the version filter.
CREATE INDEX ix_upgrade_records_created ON upgrade_records (created_at DESC, id DESC);
CREATE INDEX ix_upgrade_records_status_created ON upgrade_records (status, created_at DESC, id DESC);
CREATE INDEX ix_upgrade_records_target_version ON upgrade_records (target_version_key);
CREATE INDEX ix_upgrade_records_initial_version ON upgrade_records (initial_version_key);

-- The saved configuration file, apart from the record so that list queries never scan its bytes.
CREATE TABLE upgrade_configurations (
    record_id uuid   NOT NULL PRIMARY KEY REFERENCES upgrade_records (id) ON DELETE CASCADE,
    file_name text   NOT NULL,
    saved_at  bigint NOT NULL,
    content   bytea  NOT NULL
);

-- Append-only; kept after a record is removed (R-REC-2 removes the record, not its audit trail).
CREATE TABLE audit_entries (
    seq            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id      uuid    NOT NULL,
    at             bigint  NOT NULL,
    actor          text    NOT NULL,
    operation      integer NOT NULL,
    outcome        integer NOT NULL,
    status_before  integer,
    status_after   integer,
    reason         integer NOT NULL,
    record_version bigint  NOT NULL,
    options        text    NOT NULL
);

CREATE INDEX ix_audit_entries_record ON audit_entries (record_id, seq);

-- Append-only, idempotent by (record_id, event_key): event_key is TimelineEvent.Key (R-TIME-9).
CREATE TABLE timeline_events (
    seq          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id    uuid    NOT NULL,
    event_key    text    COLLATE "C" NOT NULL,
    kind         integer NOT NULL,
    subject      text    NOT NULL,
    at           bigint  NOT NULL,
    outcome      integer,
    details_link text,
    CONSTRAINT uq_timeline_events_record_key UNIQUE (record_id, event_key)
);

-- Transactional outbox (R-HOST-1): written with the change, delivered at least once.
CREATE TABLE notification_outbox (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           uuid   NOT NULL UNIQUE,
    record_id    uuid   NOT NULL,
    type         text   NOT NULL,
    payload      text   NOT NULL,
    occurred_at  bigint NOT NULL,
    delivered_at bigint
);

CREATE INDEX ix_notification_outbox_pending ON notification_outbox (seq) WHERE delivered_at IS NULL;

INSERT INTO schema_version (version) VALUES (1);
