using System.Data.Common;
using System.Globalization;
using Dataphin.UpgradeKit.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataphin.UpgradeKit.Sqlite;

/// <summary>
/// SQLite for <see cref="RelationalUpgradeStore"/>: ids as 32-hex <c>TEXT</c>, writes under <c>BEGIN IMMEDIATE</c>
/// behind an asynchronous writer queue (only the head waits on the file's lock, R-STORE-2), WAL mode with a bounded,
/// regularly truncated log (R-STORE-4), a new database file created owner-only and only when the host allows it, and
/// the file's identity checked before every write (R-STORE-1).
/// </summary>
internal sealed partial class SqliteDialect : RelationalDialect, IDisposable
{
    private readonly TimeSpan _busyTimeout;
    private readonly string _connectionPragmas;
    private readonly bool _readWrite;
    private readonly SqliteCheckpoints _checkpoints;

    public SqliteDialect(SqliteUpgradeStoreOptions options)
        : this(options, new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        })
    {
    }

    private SqliteDialect(SqliteUpgradeStoreOptions options, SqliteConnectionStringBuilder builder)
        : base("SQLite", SqliteDatabaseFile.PathOf(builder) ?? builder.DataSource, logEventIdBase: 2000)
    {
        _filePath = SqliteDatabaseFile.PathOf(builder);
        _fileToCreate = options.CreateIfMissing ? SqliteDatabaseFile.PathToCreate(builder) : null;
        if (_filePath is not null && builder.Mode is SqliteOpenMode.ReadWriteCreate)
        {
            // The store decides about creating the file, once, before its first connection (R-STORE-1): no
            // connection may create an empty database in place of one that went missing.
            builder.Mode = SqliteOpenMode.ReadWrite;
        }

        _readWrite = builder.Mode is SqliteOpenMode.ReadWrite;
        ConnectionString = builder.ToString();
        _busyTimeout = options.BusyTimeout;
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA journal_size_limit = {options.JournalSizeLimit};");
        _checkpoints = new SqliteCheckpoints(this, _filePath, _writerQueue, _connectionPragmas, options);
    }

    public string ConnectionString { get; }

    /// <summary>Where the SQLite-only lines go (the store's logger).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    public override string SchemaVersionTableExistsSql => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";

    public override string UpsertConfigurationSql =>
        "INSERT INTO upgrade_configurations (record_id, file_name, saved_at, content, file_length) VALUES (@id, @file_name, @saved_at, @content, @length) " +
        "ON CONFLICT (record_id) DO UPDATE SET file_name = excluded.file_name, saved_at = excluded.saved_at, content = excluded.content, file_length = excluded.file_length " +
        "WHERE file_name IS NOT excluded.file_name OR saved_at IS NOT excluded.saved_at OR content IS NOT excluded.content OR file_length IS NOT excluded.file_length";

    public override int ContentionRetries => 0;

    public override bool WritersAreSerialized => true;

    // One statement: on 100,000 records SQLite's own choice (the rarest range by its index, or the order's index) beat
    // both the bounded walk and the sort form on every rare combination measured (benchmarks/README.md, issue 25).
    public override (int PerPageRow, int Max)? ListWalk => null;

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (!_fileChecked)
        {
            EnsureFileBeforeFirstOpen();
        }

        var connection = await OpenOneAsync(cancellationToken).ConfigureAwait(false);
        if (_readWrite && SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
        {
            // SQLite opened the file read-only because it could not be written then (a read-only episode). Pooled,
            // that connection would refuse every write even after the permissions are fixed: open afresh instead,
            // so that the store recovers by itself once the file is writable again (issue 17 item 5).
            SqliteConnection.ClearPool(connection);
            await connection.DisposeAsync().ConfigureAwait(false);
            connection = await OpenOneAsync(cancellationToken).ConfigureAwait(false);
        }

        RememberIdentity();
        return connection;
    }

    private async Task<SqliteConnection> OpenOneAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await Sql.ExecuteAsync(connection, null, _connectionPragmas, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // deferred: false is BEGIN IMMEDIATE: the write lock from the start, so a transaction never has to upgrade a read lock halfway.
    // A due checkpoint runs first, outside the transaction (R-STORE-4).
    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _checkpoints.BeforeWriteAsync(connection).ConfigureAwait(false);
        return ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    // Deferred: a reader takes no write lock; in WAL mode its first read fixes the snapshot for both insights statements.
    public override ValueTask<DbTransaction> BeginInsightsReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override async ValueTask<DbTransaction> BeginSchemaChangeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // The journal mode cannot change inside a transaction; WAL persists in the file once set.
        await Sql.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        return await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public override object Uuid(Guid value) => value.ToString("N");

    public override string InsertUnlessExists(string table, string columns, string values, string key) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({key}) DO NOTHING";

    public override bool IsContention(DbException exception) => false;

    public override string? ErrorCode(Exception exception) =>
        exception is SqliteException sqlite ? string.Create(CultureInfo.InvariantCulture, $"SQLite error {sqlite.SqliteExtendedErrorCode}") : null;

    // BUSY or LOCKED: the lock was not granted, nothing committed. FULL: the log frames could not all be written, so
    // the commit frame was not. Anything else (an I/O error while syncing) may come after the commit frame.
    public override bool CommitOutcomeKnown(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteFull };

    public override bool IsLockTimeout(Exception exception) => exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public override Task AfterCommitAsync(DbConnection connection) => _checkpoints.AfterCommitAsync(connection);

    public override void Failed(Exception exception) => _checkpoints.Failed(exception);

    public void Dispose() => _checkpoints.Dispose();
}
