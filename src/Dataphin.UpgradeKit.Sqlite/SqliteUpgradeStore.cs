using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataphin.UpgradeKit.Sqlite;

/// <summary>
/// An <see cref="IUpgradeStore"/> in one SQLite database file, for a single host (several threads, or several
/// processes on one machine). The file runs in WAL mode so reads do not block the writer; every change is one
/// transaction that takes the write lock when it begins (<c>BEGIN IMMEDIATE</c>), so a record change, its audit
/// entry and its outbox notifications are stored together or not at all. A database file the store creates is
/// readable and writable by its owner only (mode 0600 on Unix; SQLite gives its <c>-wal</c> and <c>-shm</c> files the
/// same mode). Thread-safe; dispose it to release the file.
/// </summary>
/// <remarks>
/// Errors from SQLite (file missing or unreadable, read-only database, disk full, another writer holding the lock
/// past <see cref="SqliteUpgradeStoreOptions.BusyTimeout"/>) surface as <see cref="UpgradeStoreException"/>; a
/// database with another schema version as <see cref="SchemaVersionMismatchException"/>. One writer process is the
/// usual SQLite host: its commits wake its watchers at once; watchers in another process on the same file learn of
/// changes when they next read the change feed.
/// </remarks>
public sealed partial class SqliteUpgradeStore : DelegatingUpgradeStore
{
    /// <summary>The schema version this package reads and writes.</summary>
    public const int SchemaVersion = 3;

    private readonly SqliteDialect _dialect;
    private readonly RelationalUpgradeStore _core;
    private bool _disposed;

    /// <summary>Creates a store; it opens (and when missing, creates) the database on first use.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SqliteUpgradeStore(SqliteUpgradeStoreOptions options, ILogger<SqliteUpgradeStore>? logger = null)
        : this(Dialect(options, logger), options, (ILogger?)logger ?? NullLogger.Instance)
    {
    }

    private SqliteUpgradeStore(SqliteDialect dialect, SqliteUpgradeStoreOptions options, ILogger logger)
        : base(new RelationalUpgradeStore(dialect, SchemaVersion, options.EnsureSchemaOnFirstUse, options.Clock, logger, typeof(SqliteUpgradeStore)))
    {
        _dialect = dialect;
        _core = (RelationalUpgradeStore)InnerStore;
    }

    /// <summary>True while one of this store's writes holds its turn (for tests that must wait for a queued write).</summary>
    internal bool WriterTurnTaken => _dialect.WriterTurnTaken;

    /// <summary>
    /// Creates the schema in an empty database or brings an older one up to <see cref="SchemaVersion"/>, in one
    /// transaction that no other process applying it at the same time can interleave with. Safe to call at every
    /// start, from several processes at once.
    /// </summary>
    /// <exception cref="SchemaVersionMismatchException">The database's schema is newer than this package.</exception>
    /// <exception cref="UpgradeStoreException">The database cannot be reached or written, or a script fails.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => _core.EnsureSchemaAsync(cancellationToken);

    /// <summary>Releases the pooled connections to the database file; every later call throws <see cref="ObjectDisposedException"/>.</summary>
    /// <param name="disposing">True when called from <see cref="DelegatingUpgradeStore.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            _core.MarkDisposed();
            _dialect.Dispose();
            using var connection = new SqliteConnection(_dialect.ConnectionString);
            SqliteConnection.ClearPool(connection);
        }

        base.Dispose(disposing);
    }

    /// <summary>Releases the pooled connections to the database file, as <see cref="Dispose(bool)"/> does.</summary>
    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(disposing: true);
        return base.DisposeAsyncCore();
    }

    private static SqliteDialect Dialect(SqliteUpgradeStoreOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SqliteDialect(options) { Logger = logger ?? NullLogger.Instance };
    }
}
