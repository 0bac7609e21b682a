using System.Data.Common;
using System.Reflection;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// What a relational database adds to <see cref="RelationalUpgradeStore"/>: how to connect and open a writing
/// transaction, how its column types represent ids, the statements whose syntax differs between databases, which of
/// its errors mean "a concurrent transaction got in the way, run it again", and where its schema scripts are. The
/// constructor's arguments and the abstract members are the whole list a new dialect supplies; the virtual ones have a
/// portable default.
/// </summary>
/// <remarks>
/// Everything else (compare-and-set, the transaction of a change with its audit entry and outbox notifications,
/// reruns, typed errors, schema version checks, row mapping) is the core's and is the same for every database.
/// </remarks>
internal abstract class RelationalDialect
{
    /// <param name="productName">The database's name in errors and log lines, e.g. <c>SQLite</c>.</param>
    /// <param name="location">Where the data lives, in errors and log lines (a file path, <c>host:port/database</c>); never a password.</param>
    /// <param name="logEventIdBase">The first of the hundred log event ids of the store (2000 for SQLite, 2100 for PostgreSQL).</param>
    protected RelationalDialect(string productName, string location, int logEventIdBase)
    {
        ProductName = productName;
        Location = location;
        LogEventIdBase = logEventIdBase;
    }

    /// <summary>The database's name in errors and log lines.</summary>
    public string ProductName { get; }

    /// <summary>Where the data lives, in errors and log lines.</summary>
    public string Location { get; }

    /// <summary>The first of the hundred log event ids of the store.</summary>
    public int LogEventIdBase { get; }

    /// <summary>The assembly whose <c>Schema/NNN_name.sql</c> resources are the dialect's schema scripts: by default the dialect's own.</summary>
    public virtual Assembly SchemaAssembly => GetType().Assembly;

    /// <summary>Opens a new connection, set up for the store (time-outs, session settings).</summary>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins the transaction of one change. It must isolate a compare-and-set: a concurrent writer of the same row
    /// either waits for this one or is made to fail with an error <see cref="IsContention"/> recognises.
    /// </summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Begins the transaction that applies schema scripts, serialised against other processes doing the same
    /// (SQLite: the write lock; PostgreSQL: an advisory lock), after any connection setting that must precede it.
    /// </summary>
    public abstract ValueTask<DbTransaction> BeginSchemaChangeAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the read-only transaction of the insights: one snapshot for their statements, with whatever settings the
    /// database needs for one large aggregate query.
    /// </summary>
    public abstract ValueTask<DbTransaction> BeginInsightsReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Prepares a read statement the store runs often with the same text (the insights' statements) where the database
    /// gains from it: parsed once per connection and, without parameters, planned once. Nothing by default.
    /// </summary>
    public virtual Task PrepareReadAsync(DbCommand command, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Whether the database has grouping sets and the ordered-set aggregate <c>percentile_cont</c> (PostgreSQL); without
    /// them the insights rank the values with window functions.
    /// </summary>
    public virtual bool HasPercentileAggregates => false;

    /// <summary>
    /// Whether the schema keeps each finished failure's next successes in <c>insights_recoveries</c> (PostgreSQL, by
    /// triggers); the insights then read the times to recover from it instead of ordering the finished records.
    /// </summary>
    public virtual bool KeepsInsightsRecoveries => false;

    /// <summary>A scalar query that is true (or non-zero) when the <c>schema_version</c> table exists.</summary>
    public abstract string SchemaVersionTableExistsSql { get; }

    /// <summary>The parameter value of a uuid column (an <see cref="UpgradeRecordId"/> or a notification id).</summary>
    public abstract object Uuid(Guid value);

    /// <summary>
    /// An insert of one row that does nothing (and counts no row) when a row with the same <paramref name="key"/>
    /// exists, even one a concurrent transaction committed a moment ago.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="columns">The comma-separated column list.</param>
    /// <param name="values">The comma-separated parameter list, in the order of <paramref name="columns"/>.</param>
    /// <param name="key">The comma-separated columns of the unique key.</param>
    public abstract string InsertUnlessExists(string table, string columns, string values, string key);

    /// <summary>
    /// Inserts or replaces the configuration row of <c>@id</c> from <c>@file_name</c>, <c>@saved_at</c>, <c>@content</c>
    /// and <c>@length</c>, writing nothing when the stored row is already equal.
    /// </summary>
    public abstract string UpsertConfigurationSql { get; }

    /// <summary>
    /// What ends the select of notifications a dispatcher claims so that concurrent claimants skip each other's rows
    /// instead of waiting (R-DLV-2): empty by default, for a database whose write transaction already runs one at a time.
    /// </summary>
    public virtual string ClaimLockClause => "";

    /// <summary>How a list page joins each record's configuration row (alias <c>c</c>) to its records (alias <c>r</c>).</summary>
    public const string PlainConfigurationJoin = "LEFT JOIN upgrade_configurations c ON c.record_id = r.id";

    /// <summary>
    /// The same join reading each record's one configuration row by its key (<c>LIMIT 1</c> keeps a planner from
    /// flattening it back into <see cref="PlainConfigurationJoin"/>); for databases that support <c>LATERAL</c>.
    /// </summary>
    public const string LateralConfigurationJoin =
        "LEFT JOIN LATERAL (SELECT x.file_name, x.saved_at, x.file_length FROM upgrade_configurations x WHERE x.record_id = r.id LIMIT 1) c ON TRUE";

    /// <summary>
    /// The join of a list page's configuration rows: <see cref="PlainConfigurationJoin"/> by default. A database whose
    /// planner may hash the whole configuration table for a page of a few hundred records (PostgreSQL) reads the one
    /// row of each record instead.
    /// </summary>
    public virtual string ListConfigurationJoin => PlainConfigurationJoin;

    /// <summary>True when <paramref name="exception"/> says a concurrent transaction aborted this one, so it may run again.</summary>
    public abstract bool IsContention(DbException exception);

    /// <summary>
    /// True when a writing transaction excludes every other writer from its start (SQLite's <c>BEGIN IMMEDIATE</c>), so
    /// rows it reads need no lock of their own; false (the default) when rows must be locked as they are read.
    /// </summary>
    public virtual bool WritersAreSerialized => false;

    /// <summary>
    /// How many rows of the order a records-list walk reads per page row before the store sorts the rare matches
    /// instead (ListSql), and the most it reads whatever the page size; null to send one statement and let the
    /// database's planner choose (what SQLite does best, measured on 100,000 records).
    /// </summary>
    public virtual (int PerPageRow, int Max)? ListWalk => (200, 10_000);

    /// <summary>
    /// Settings the records list's sort form runs under for <paramref name="query"/>, in a read-only transaction of its
    /// own (<c>SET LOCAL …</c>), or null (the default) to run it as it is. The sort form runs only when the matches are
    /// rare in the order; a database whose planner then reads one filter's whole index range row by row, where
    /// intersecting the filters' indexes would read a fraction, says so here (PostgreSQL: bitmap scans only).
    /// </summary>
    public virtual string? ListSortSettings(Dataphin.UpgradeKit.Storage.UpgradeRecordQuery query) => null;

    /// <summary>How many times a transaction aborted for contention runs again before its error is raised.</summary>
    public abstract int ContentionRetries { get; }

    /// <summary>The database's own error code of <paramref name="exception"/>, labelled (<c>SQLSTATE 40001</c>, <c>SQLite error 5</c>), or null.</summary>
    public abstract string? ErrorCode(Exception exception);

    /// <summary>
    /// Appends <paramref name="events"/> to the stream of <paramref name="recordId"/> in <paramref name="transaction"/>,
    /// skipping those already stored, and returns how many were new (R-TIME-9). The default runs one prepared
    /// <see cref="InsertUnlessExists"/> per event; a database with a set-based insert overrides it.
    /// </summary>
    public virtual async Task<int> InsertEventsAsync(DbConnection connection, DbTransaction transaction, UpgradeRecordId recordId,
        IReadOnlyList<TimelineEvent> events, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, InsertEventSql, Sql.P("@record_id", Uuid(recordId.Value)));
        var parameters = EventRow.WrittenColumns.Select(c => Sql.Add(command, "@" + c, DBNull.Value)).ToArray();
        var added = 0;
        foreach (var e in events)
        {
            var values = EventRow.Values(e);
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            added += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return added;
    }

    /// <summary>The store's log lines, set by <see cref="RelationalUpgradeStore"/> when it takes the dialect.</summary>
    public RelationalStoreLog? Log { get; set; }

    /// <summary>
    /// Waits for this writer's turn before it opens a connection, and returns what ends the turn (null: no queue, the
    /// database's own lock orders the writers). A database whose lock wait holds a thread queues writers here, so that
    /// only the head waits inside the database (R-STORE-2); a turn that does not come in time raises a
    /// <see cref="StoreFault"/> with <see cref="StoreFault.Waited"/>.
    /// </summary>
    public virtual ValueTask<IDisposable?> EnterWriterQueueAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>
    /// Checks, at the start of every writing transaction, that the database is still the one the store opened (SQLite:
    /// the file at the path is the file the store has open, R-STORE-1); raises a <see cref="StoreFault"/> when not.
    /// </summary>
    public virtual Task CheckBeforeWriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// Runs after every successful commit, on its connection (SQLite: the truncating checkpoint after a burst of writes,
    /// R-STORE-4). Must not throw: the change is stored.
    /// </summary>
    public virtual Task AfterCommitAsync(DbConnection connection) => Task.CompletedTask;

    /// <summary>
    /// Learns of every failure the store turns into an error (SQLite: a full disk makes the next write run a truncating
    /// checkpoint first, R-STORE-4). Must not throw.
    /// </summary>
    public virtual void Failed(Exception exception)
    {
    }

    /// <summary>
    /// True when <paramref name="exception"/>, raised by <c>COMMIT</c>, means the database refused the commit so nothing was
    /// written; false (the default) when the commit may have happened (R-STORE-3).
    /// </summary>
    public virtual bool CommitOutcomeKnown(Exception exception) => false;

    /// <summary>True when <paramref name="exception"/> means a wait for a lock ran out (R-STORE-2).</summary>
    public virtual bool IsLockTimeout(Exception exception) => false;

    /// <summary>What the host's operator should do about <paramref name="exception"/>, naming the file or server; null when there is nothing specific to say.</summary>
    public virtual string? Advice(Exception exception) => null;

    /// <summary>
    /// Adds one row to <c>record_changes</c> as the last statement of <paramref name="transaction"/> (R-LIVE-1). Its
    /// position must grow in commit order: a database where a transaction can commit a later position while an earlier
    /// one is still open (a PostgreSQL sequence) serialises the insert, and one whose other instances should learn of
    /// the change notifies them at commit (see <see cref="InsertChangeStatement"/>).
    /// </summary>
    public Task InsertChangeAsync(DbConnection connection, DbTransaction transaction, object recordId, int kind, long? recordVersion,
        int newEvents, long changedAt, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, transaction, InsertChangeStatement, cancellationToken, Sql.P("@record_id", recordId), Sql.P("@kind", kind),
            Sql.P("@record_version", recordVersion is { } version ? version : DBNull.Value), Sql.P("@new_events", newEvents),
            Sql.P("@changed_at", changedAt));

    /// <summary>
    /// The statement <see cref="InsertChangeAsync"/> runs: by default <see cref="InsertChangeSql"/>, enough for a database
    /// with one writer at a time (SQLite); PostgreSQL numbers the row under a lock and notifies the other instances.
    /// </summary>
    public virtual string InsertChangeStatement => InsertChangeSql;

    /// <summary>
    /// <see cref="InsertChangeStatement"/> for <paramref name="rows"/> rows in one statement (one lock, one notification),
    /// the parameters of row <c>i</c> suffixed with <c>i</c> (<c>@record_id0</c>, <c>@kind0</c>, …); null when the
    /// dialect's statement does not hold <see cref="InsertChangeSql"/> as it is, and each row is inserted on its own.
    /// </summary>
    public string? InsertChangesStatement(int rows)
    {
        var statement = InsertChangeStatement;
        if (rows < 1 || !statement.Contains(InsertChangeSql, StringComparison.Ordinal))
        {
            return null;
        }

        var values = string.Join(", ", Enumerable.Range(0, rows).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"(@record_id{i}, @kind{i}, @record_version{i}, @new_events{i}, @changed_at{i})")));
        return statement.Replace(InsertChangeSql,
            "INSERT INTO record_changes (record_id, kind, record_version, new_events, changed_at) VALUES " + values, StringComparison.Ordinal);
    }

    /// <summary>
    /// The insert of one <c>record_changes</c> row from <c>@record_id</c>, <c>@kind</c>, <c>@record_version</c>,
    /// <c>@new_events</c> and <c>@changed_at</c> (when it was written, for retention's change-feed period).
    /// </summary>
    protected const string InsertChangeSql =
        "INSERT INTO record_changes (record_id, kind, record_version, new_events, changed_at) VALUES (@record_id, @kind, @record_version, @new_events, @changed_at)";

    // The conflict target is schema part 002_timeline_event_order's index: the key hashes the time, so it keeps the
    // same events as (record_id, event_key) did, and a report's rows land together instead of at random (R-TIME-11).
    private string InsertEventSql => field ??= InsertUnlessExists("timeline_events", "record_id, " + string.Join(", ", EventRow.WrittenColumns),
        "@record_id, " + string.Join(", ", EventRow.WrittenColumns.Select(c => "@" + c)), "record_id, at, event_key");
}
