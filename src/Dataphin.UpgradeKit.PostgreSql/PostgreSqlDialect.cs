using System.Data;
using System.Data.Common;
using Dataphin.UpgradeKit.Storage.Shared;
using Dataphin.UpgradeKit.Timeline;
using Npgsql;

namespace Dataphin.UpgradeKit.PostgreSql;

/// <summary>
/// PostgreSQL for <see cref="RelationalUpgradeStore"/>: ids as <c>uuid</c>, read-committed writes (a concurrent
/// writer of a row waits for this one's commit, then re-checks its version), reruns of transactions the server
/// aborted for a concurrent one, schema changes under an advisory lock, and one set-based statement per event batch.
/// </summary>
internal sealed class PostgreSqlDialect(NpgsqlDataSource dataSource, int contentionRetries)
    : RelationalDialect("PostgreSQL", Describe(dataSource), logEventIdBase: 2100)
{
    // One statement for the whole batch, rows in the caller's order; an event already stored (same key, even one
    // committed a moment ago by another instance) is skipped, and the row count says how many were new (R-TIME-9).
    private const string InsertEventsSql =
        "INSERT INTO timeline_events (record_id, event_key, kind, subject, at, outcome, details_link) " +
        "SELECT @record_id, e.event_key, e.kind, e.subject, e.at, e.outcome, e.details_link " +
        "FROM unnest(@keys, @kinds, @subjects, @ats, @outcomes, @links) WITH ORDINALITY AS e(event_key, kind, subject, at, outcome, details_link, n) " +
        "ORDER BY e.n ON CONFLICT (record_id, event_key) DO NOTHING";

    // Any constant of the package's own: it only has to differ from the host's advisory locks.
    private const long SchemaLockKey = 4242710001;

    /// <summary>The channel every store on the database notifies after a change commits (R-LIVE-1).</summary>
    public const string ChangesChannel = "upgradekit_record_changes";

    // The change row is numbered under this transaction-level lock, taken as the transaction's last step and released
    // only once its commit is visible: numbers are handed out one committing transaction at a time, so no reader can see
    // a position while a smaller one is still to commit. NOTIFY is queued now and delivered at commit, or never.
    public override string InsertChangeStatement { get; } =
        "SELECT pg_advisory_xact_lock(4242710002); " + InsertChangeSql + "; NOTIFY " + ChangesChannel;

    public override string SchemaVersionTableExistsSql => "SELECT to_regclass('schema_version') IS NOT NULL";

    public override string UpsertConfigurationSql =>
        "INSERT INTO upgrade_configurations (record_id, file_name, saved_at, content) VALUES (@id, @file_name, @saved_at, @content) " +
        "ON CONFLICT (record_id) DO UPDATE SET file_name = excluded.file_name, saved_at = excluded.saved_at, content = excluded.content " +
        "WHERE upgrade_configurations.file_name IS DISTINCT FROM excluded.file_name " +
        "OR upgrade_configurations.saved_at IS DISTINCT FROM excluded.saved_at " +
        "OR upgrade_configurations.content IS DISTINCT FROM excluded.content";

    public override int ContentionRetries => contentionRetries;

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginSchemaChangeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Several instances starting at once: the first applies the scripts, the others wait and then find them applied.
        var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, Sql.P("@key", SchemaLockKey))
            .ConfigureAwait(false);
        return transaction;
    }

    public override object Uuid(Guid value) => value;

    public override string InsertUnlessExists(string table, string columns, string values, string key) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({key}) DO NOTHING";

    // 23505 on the records' key: two inserts of one id raced past ON CONFLICT's check; rerun, and the loser then sees the row.
    public override bool IsContention(DbException exception) =>
        exception is PostgresException postgres
        && (postgres.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
            || (postgres.SqlState == PostgresErrorCodes.UniqueViolation && postgres.ConstraintName == "upgrade_records_pkey"));

    public override string? ErrorCode(Exception exception) => exception is PostgresException postgres ? "SQLSTATE " + postgres.SqlState : null;

    public override async Task<int> InsertEventsAsync(DbConnection connection, DbTransaction transaction, UpgradeRecordId recordId,
        IReadOnlyList<TimelineEvent> events, CancellationToken cancellationToken) =>
        await Sql.ExecuteAsync(connection, transaction, InsertEventsSql, cancellationToken,
            Sql.P("@record_id", recordId.Value),
            Sql.P("@keys", events.Select(e => e.Key).ToArray()),
            Sql.P("@kinds", events.Select(e => (int)e.Kind).ToArray()),
            Sql.P("@subjects", events.Select(e => e.Subject).ToArray()),
            Sql.P("@ats", events.Select(e => e.At.ToUnixTimeTicks()).ToArray()),
            Sql.P("@outcomes", events.Select(e => e.Outcome is { } o ? (int?)o : null).ToArray()),
            Sql.P("@links", events.Select(e => e.DetailsLink).ToArray())).ConfigureAwait(false);

    private static string Describe(NpgsqlDataSource dataSource)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
