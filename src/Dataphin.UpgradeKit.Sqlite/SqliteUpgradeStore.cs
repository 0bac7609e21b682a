using System.Text.Json;
using Dataphin.UpgradeKit.Sqlite.Diagnostics;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataphin.UpgradeKit.Sqlite;

/// <summary>
/// An <see cref="IUpgradeStore"/> in one SQLite database file, for a single host (several threads, or several
/// processes on one machine). The file runs in WAL mode so reads do not block the writer; every change is one
/// transaction that takes the write lock when it begins (<c>BEGIN IMMEDIATE</c>), so a record change, its audit
/// entry and its outbox notifications are stored together or not at all. Thread-safe; dispose it to release the
/// file.
/// </summary>
/// <remarks>
/// Errors from SQLite (file missing or unreadable, read-only database, disk full, another writer holding the lock
/// past <see cref="SqliteUpgradeStoreOptions.BusyTimeout"/>) surface as <see cref="UpgradeStoreException"/>; a
/// database with another schema version as <see cref="SchemaVersionMismatchException"/>.
/// </remarks>
public sealed partial class SqliteUpgradeStore : IUpgradeStore, IDisposable
{
    /// <summary>The schema version this package reads and writes.</summary>
    public const int SchemaVersion = 1;

    private static readonly Lazy<IReadOnlyList<(int Version, string Sql)>> Scripts =
        new(() => Storage.Shared.SchemaScripts.Load(typeof(SqliteUpgradeStore).Assembly));

    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly SqliteUpgradeStoreOptions _options;
    private readonly ILogger _logger;
    private volatile bool _schemaReady;
    private volatile bool _disposed;

    /// <summary>Creates a store; it opens the database on first use.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SqliteUpgradeStore(SqliteUpgradeStoreOptions options, ILogger<SqliteUpgradeStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };
        _connectionString = builder.ToString();
        _dataSource = builder.DataSource;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Creates the schema in an empty database or brings an older one up to <see cref="SchemaVersion"/>, in one
    /// transaction, and switches the file to WAL mode. Safe to call at every start, from several processes at once.
    /// </summary>
    /// <exception cref="SchemaVersionMismatchException">The database's schema is newer than this package.</exception>
    /// <exception cref="UpgradeStoreException">The database cannot be opened or written.</exception>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = await ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (current > SchemaVersion)
            {
                throw Mismatch(current);
            }

            foreach (var (version, sql) in Scripts.Value)
            {
                if (version > current)
                {
                    await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
                }
            }

            transaction.Commit();
            if (current < SchemaVersion)
            {
                SqliteLog.SchemaMigrated(_logger, _dataSource, current, SchemaVersion);
            }

            _schemaReady = true;
        }
        catch (SqliteException ex)
        {
            throw Failure("apply its schema", ex);
        }
    }

    /// <summary>Releases the pooled connections to the database file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task<T> ReadAsync<T>(string operation, Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw Failure(operation, ex);
        }
        catch (JsonException ex)
        {
            throw Failure(operation, ex);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction that holds the write lock from its start.</summary>
    private async Task<T> WriteAsync<T>(string operation, Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            transaction.Commit();
            return result;
        }
        catch (SqliteException ex)
        {
            throw Failure(operation, ex);
        }
    }

    private async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        if (_options.EnsureSchemaOnFirstUse)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var current = await ReadSchemaVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (current != SchemaVersion)
        {
            throw Mismatch(current);
        }

        _schemaReady = true;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var busy = (long)_options.BusyTimeout.TotalMilliseconds;
            await ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {busy};", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<int> ReadSchemaVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var exists = Command(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        using var max = Command(connection, transaction, "SELECT coalesce(max(version), 0) FROM schema_version");
        return Convert.ToInt32(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private SchemaVersionMismatchException Mismatch(int actual)
    {
        SqliteLog.SchemaMismatch(_logger, _dataSource, actual, SchemaVersion);
        return new SchemaVersionMismatchException("SQLite", SchemaVersion, actual);
    }

    private UpgradeStoreException Failure(string operation, Exception exception)
    {
        SqliteLog.OperationFailed(_logger, exception, _dataSource, operation);
        return new UpgradeStoreException($"The SQLite upgrade store '{_dataSource}' could not {operation}: {exception.Message}", exception);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params KeyValuePair<string, object>[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Statements are built from constants and column names; values are always parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params KeyValuePair<string, object>[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Text(UpgradeRecordId id) => id.ToString();

    private static KeyValuePair<string, object> P(string name, object value) => new(name, value);
}
