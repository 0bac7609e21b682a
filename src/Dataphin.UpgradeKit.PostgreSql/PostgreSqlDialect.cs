using System.Data;
using System.Data.Common;
using Dataphin.UpgradeKit.Relational;
using Dataphin.UpgradeKit.Timeline;
using Npgsql;

namespace Dataphin.UpgradeKit.PostgreSql;

/// <summary>
/// PostgreSQL for <see cref="RelationalUpgradeStore"/>: ids as <c>uuid</c>, read-committed writes (a concurrent
/// writer of a row waits for this one's commit, then re-checks its version), reruns of transactions the server
/// aborted for a concurrent one, schema changes under an advisory lock, and one set-based statement per event batch.
/// </summary>
internal sealed class PostgreSqlDialect(NpgsqlDataSource dataSource, int contentionRetries, bool prepareStatements)
    : RelationalDialect("PostgreSQL", Describe(dataSource), logEventIdBase: 2100)
{
    // A page of a few hundred records was joined by hashing every configuration row (a Hash Right Join over a sequential
    // scan: 9 ms of CPU a page at 100,000 records against 1 ms); the lateral join reads each record's one row by its key.
    public override string ListConfigurationJoin => LateralConfigurationJoin;

    /// <inheritdoc/>
    /// <remarks>
    /// Plain index scans off: with them the planner reads the range of one filter's index and the row of every entry to
    /// test the others (81,945 buffers for a target-version range and a start interval no record meets together, at
    /// 1,000,000 records); bitmap scans intersect the ranges' indexes first (<c>BitmapAnd</c>, 454 buffers). Not with an
    /// operator filter: turning plain index scans off also turns off the index-only scans that read the operator's
    /// audit entries, and reading those rows instead cost more than the intersection saved (measured, benchmarks/README.md).
    /// Nor when the sort form reads a version range version by version, each by an index scan: that statement runs with
    /// JIT compilation off instead, since the planner, which cannot know how few versions a range holds, costs it high
    /// enough to compile it, and compiling took 18–515 ms where running took 1–47 ms (measured, benchmarks/README.md).
    /// With an operator filter it runs without parallel workers: joining the operator's records with another filter's
    /// matches, the planner chose two workers, and on a two-core server that took 146–195 ms where one process took
    /// 92 ms; a page of a console's list should not take the server's parallel workers either. The same with a started
    /// or finished interval, whose indexes carry every filtered column (003_interval_search.sql): index scans stay on,
    /// so the interval's matches are filtered and ordered by an index-only scan, and its records are read only for the page.
    /// </remarks>
    public override string? ListSortSettings(Dataphin.UpgradeKit.Storage.UpgradeRecordQuery query) =>
        ListSql.SplitsByVersion(query) ? "SET LOCAL jit = off"
        : query.Operator is null && query.StartedWithin is null && query.FinishedWithin is null ? "SET LOCAL enable_indexscan = off"
        : "SET LOCAL max_parallel_workers_per_gather = 0";

    // One statement for the whole batch, rows in the caller's order; an event already stored (same key, even one
    // committed a moment ago by another instance) is skipped, and the row count says how many were new (R-TIME-9).
    // The conflict target puts the time before the key, so a report's rows land together in the index (R-TIME-11).
    private const string InsertEventsSql =
        "INSERT INTO timeline_events (record_id, event_key, kind, subject, at, outcome, details_link) " +
        "SELECT @record_id, e.event_key, e.kind, e.subject, e.at, e.outcome, e.details_link " +
        "FROM unnest(@keys, @kinds, @subjects, @ats, @outcomes, @links) WITH ORDINALITY AS e(event_key, kind, subject, at, outcome, details_link, n) " +
        "ORDER BY e.n ON CONFLICT (record_id, at, event_key) DO NOTHING";

    // The sort memory of one insights query (a transaction-local setting; the server's default stays for everything else).
    private const string InsightsWorkMem = "256MB";

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
        "INSERT INTO upgrade_configurations (record_id, file_name, saved_at, content, file_length) VALUES (@id, @file_name, @saved_at, @content, @length) " +
        "ON CONFLICT (record_id) DO UPDATE SET file_name = excluded.file_name, saved_at = excluded.saved_at, content = excluded.content, file_length = excluded.file_length " +
        "WHERE upgrade_configurations.file_name IS DISTINCT FROM excluded.file_name " +
        "OR upgrade_configurations.saved_at IS DISTINCT FROM excluded.saved_at " +
        "OR upgrade_configurations.content IS DISTINCT FROM excluded.content " +
        "OR upgrade_configurations.file_length IS DISTINCT FROM excluded.file_length";

    // Two instances claiming at once each take different rows, neither waits for the other (R-DLV-2).
    public override string ClaimLockClause => "FOR UPDATE SKIP LOCKED";

    public override int ContentionRetries => contentionRetries;

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Repeatable read, so both insights statements see one snapshot. JIT off: compiling the plan cost 1.7 s at 1,000,000
    /// records and saves nothing on a query that runs once. A larger <c>work_mem</c> keeps the sorts of the percentiles
    /// and the time to recover in memory (at the default 4 MB they spill to disk from about 20,000 records).
    /// </summary>
    public override async ValueTask<DbTransaction> BeginInsightsReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, transaction, $"SET TRANSACTION READ ONLY; SET LOCAL jit = off; SET LOCAL work_mem = '{InsightsWorkMem}'; SET LOCAL plan_cache_mode = force_custom_plan", cancellationToken)
            .ConfigureAwait(false);
        return transaction;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Unless the host turned it off (<see cref="PostgreSqlUpgradeStoreOptions.PrepareStatements"/>). A prepared statement
    /// stays on its connection in the pool (Npgsql keeps them when it resets a connection). The insights' transaction
    /// plans a statement with parameters for their values on every call (<c>plan_cache_mode</c>): an interval's share of
    /// the records decides between an index and a scan, and a plan kept for one interval could be far off for the next.
    /// So only the parsing is kept for those; a statement without parameters (every record, no budget) keeps its plan too,
    /// which at 10,000 records was a quarter of the durations statement's time (measured, benchmarks/README.md).
    /// </remarks>
    public override Task PrepareReadAsync(DbCommand command, CancellationToken cancellationToken) =>
        prepareStatements ? command.PrepareAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc/>
    public override bool HasPercentileAggregates => true;

    /// <inheritdoc/>
    public override bool KeepsInsightsRecoveries => true;

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

    // The server answered COMMIT with an ordinary error (a deferred constraint, a serialization failure): it rolled
    // back. A FATAL or PANIC ends the session, possibly after the commit record was written; a lost connection says
    // nothing either (R-STORE-3).
    public override bool CommitOutcomeKnown(Exception exception) =>
        exception is PostgresException { Severity: "ERROR" };

    public override bool IsLockTimeout(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable };

    public override string? Advice(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            $"Check the user name and password of the connection string for {Location}.",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
            $"The database of {Location} does not exist: create it, or correct the connection string.",
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn } =>
            $"The schema on {Location} is missing or incomplete (check the search_path): apply the package's scripts or call EnsureSchemaAsync.",
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } =>
            $"The server's disk is full ({Location}): free space on the server; writes succeed again once there is space.",
        PostgresException { SqlState: PostgresErrorCodes.TooManyConnections } =>
            $"The server at {Location} refuses more connections: lower the pools' Maximum Pool Size or raise the server's max_connections.",
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } =>
            $"The server at {Location} accepts no writes (a standby, or default_transaction_read_only): point the connection string at the primary.",
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } =>
            $"The server at {Location} is stopping or restarting: retry in a moment; the connection pool reconnects by itself.",
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } =>
            "Concurrent transactions aborted this one every time it ran: retry the call.",
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled } =>
            $"Another session on {Location} holds a lock this change needs, longer than the server's lock or statement time-out: end that session's transaction, then retry.",
        PostgresException => null,
        NpgsqlException or TimeoutException =>
            $"Check that the server at {Location} runs and accepts connections from this host; the connection pool reconnects by itself once it does, so the call may be retried.",
        _ => null,
    };

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
