using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Storage.Shared;
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
/// same mode, R-SEC-6). Thread-safe; dispose it to release the file.
/// </summary>
/// <remarks>
/// Errors from SQLite (file missing or unreadable, read-only database, disk full, another writer holding the lock
/// past <see cref="SqliteUpgradeStoreOptions.BusyTimeout"/>) surface as <see cref="UpgradeStoreException"/>; a
/// database with another schema version as <see cref="SchemaVersionMismatchException"/>.
/// </remarks>
public sealed partial class SqliteUpgradeStore : IUpgradeStore, IDisposable
{
    private readonly SqliteDialect _dialect;
    private readonly RelationalUpgradeStore _core;
    private bool _disposed;

    /// <summary>Creates a store; it opens (and when missing, creates) the database on first use.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SqliteUpgradeStore(SqliteUpgradeStoreOptions options, ILogger<SqliteUpgradeStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dialect = new SqliteDialect(options) { Logger = (ILogger?)logger ?? NullLogger.Instance };
        _core = new RelationalUpgradeStore(_dialect, SchemaVersion, options.EnsureSchemaOnFirstUse, options.Clock,
            (ILogger?)logger ?? NullLogger.Instance, this);
    }

    /// <summary>True while one of this store's writes holds its turn (for tests that must wait for a queued write).</summary>
    internal bool WriterTurnTaken => _dialect.WriterTurnTaken;

    /// <summary>Releases the pooled connections to the database file; every later call throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _core.MarkDisposed();
        _dialect.Dispose();
        using var connection = new SqliteConnection(_dialect.ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
