using System.Data;
using System.Text.Json;
using Dataphin.UpgradeKit.PostgreSql.Diagnostics;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Dataphin.UpgradeKit.PostgreSql;

/// <summary>
/// An <see cref="IUpgradeStore"/> on a PostgreSQL server that several host instances share. Record writes are
/// compare-and-set on the version column (<c>UPDATE … WHERE id = @id AND version = @expected</c>), so of two
/// instances acting on one record exactly one wins and the other gets <see cref="ConcurrencyConflictException"/>;
/// a change, its audit entry and its outbox notifications share one transaction; timeline events are append-only
/// and idempotent by key (<c>ON CONFLICT DO NOTHING</c>). Thread-safe.
/// </summary>
/// <remarks>
/// Server and connection failures surface as <see cref="UpgradeStoreException"/>, a schema of another version as
/// <see cref="SchemaVersionMismatchException"/>; no Npgsql exception leaves the public API. Transactions the server
/// aborts because of a concurrent one (40001, 40P01) are run again, see
/// <see cref="PostgreSqlUpgradeStoreOptions.TransientConflictRetries"/>.
/// </remarks>
public sealed partial class PostgreSqlUpgradeStore : IUpgradeStore, IAsyncDisposable, IDisposable
{
    /// <summary>The schema version this package reads and writes.</summary>
    public const int SchemaVersion = 1;

    private static readonly Lazy<IReadOnlyList<(int Version, string Sql)>> Scripts =
        new(() => Storage.Shared.SchemaScripts.Load(typeof(PostgreSqlUpgradeStore).Assembly));

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlUpgradeStoreOptions _options;
    private readonly ILogger _logger;
    private readonly string _database;
    private volatile bool _schemaReady;

    /// <summary>Creates a store on the host's data source (the host keeps owning it and disposes it).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PostgreSqlUpgradeStore(NpgsqlDataSource dataSource, PostgreSqlUpgradeStoreOptions? options = null, ILogger<PostgreSqlUpgradeStore>? logger = null)
        : this(dataSource, ownsDataSource: false, options, logger)
    {
    }

    /// <summary>Creates a store with its own connection pool for <paramref name="connectionString"/>; disposing the store closes it.</summary>
    /// <exception cref="ArgumentException">The connection string or the options are invalid.</exception>
    public static PostgreSqlUpgradeStore Create(string connectionString, PostgreSqlUpgradeStoreOptions? options = null, ILogger<PostgreSqlUpgradeStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            return new PostgreSqlUpgradeStore(dataSource, ownsDataSource: true, options, logger);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    private PostgreSqlUpgradeStore(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlUpgradeStoreOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _options = options ?? new PostgreSqlUpgradeStoreOptions();
        _options.Validate();
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _logger = logger ?? NullLogger.Instance;
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        _database = $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>
    /// Creates the schema in an empty database (schema) or brings an older one up to <see cref="SchemaVersion"/>, in one
    /// transaction under an advisory lock, so several instances starting at once apply it once.
    /// </summary>
    /// <exception cref="SchemaVersionMismatchException">The database's schema is newer than this package.</exception>
    /// <exception cref="UpgradeStoreException">The server cannot be reached or the scripts cannot be applied.</exception>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var current = await RunAsync("apply its schema", async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(4242710001)", cancellationToken).ConfigureAwait(false);
            var found = await ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (found > SchemaVersion)
            {
                throw Mismatch(found);
            }

            foreach (var (version, sql) in Scripts.Value)
            {
                if (version > found)
                {
                    await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
                }
            }

            return found;
        }, null, cancellationToken, checkSchema: false).ConfigureAwait(false);
        if (current < SchemaVersion)
        {
            PostgreSqlLog.SchemaMigrated(_logger, _database, current, SchemaVersion);
        }

        _schemaReady = true;
    }

    /// <summary>Closes the connection pool when the store created it; a host's data source is left open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection pool when the store created it; a host's data source is left open.</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    /// <summary>Runs a read (one statement, so it needs no transaction of its own) and turns database failures into typed errors.</summary>
    private Task<T> ReadAsync<T>(string operation, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) =>
        GuardAsync(operation, work, null, checkSchema: true, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one read-committed transaction, again when the server aborted it for a
    /// concurrent transaction, and turns every database failure into a typed error.
    /// </summary>
    private Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work,
        Func<Exception, Exception>? onContention, CancellationToken cancellationToken, bool checkSchema = true) =>
        GuardAsync(operation, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }, onContention, checkSchema, cancellationToken);

    private async Task<T> GuardAsync<T>(string operation, Func<NpgsqlConnection, Task<T>> work, Func<Exception, Exception>? onContention,
        bool checkSchema, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (checkSchema)
                {
                    await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
                }

                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                return await work(connection).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (IsContention(ex) && attempt < _options.TransientConflictRetries)
            {
                PostgreSqlLog.RetryingTransient(_logger, _database, operation, ex.SqlState, attempt + 1);
            }
            catch (PostgresException ex) when (IsContention(ex) && onContention is not null)
            {
                throw onContention(ex);
            }
            catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failure(operation, ex);
            }
            catch (JsonException ex)
            {
                throw Failure(operation, ex);
            }
            catch (TimeoutException ex)
            {
                throw Failure(operation, ex);
            }
        }
    }

    private static bool IsContention(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
        || (exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == "upgrade_records_pkey");

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

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var found = await ReadSchemaVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (found != SchemaVersion)
        {
            throw Mismatch(found);
        }

        _schemaReady = true;
    }

    private static async Task<int> ReadSchemaVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var exists = Command(connection, transaction, "SELECT to_regclass('schema_version') IS NOT NULL");
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
        {
            return 0;
        }

        await using var max = Command(connection, transaction, "SELECT coalesce(max(version), 0) FROM schema_version");
        return (int)(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private SchemaVersionMismatchException Mismatch(int actual)
    {
        PostgreSqlLog.SchemaMismatch(_logger, _database, actual, SchemaVersion);
        return new SchemaVersionMismatchException("PostgreSQL", SchemaVersion, actual);
    }

    private UpgradeStoreException Failure(string operation, Exception exception)
    {
        var sqlState = (exception as PostgresException)?.SqlState;
        PostgreSqlLog.OperationFailed(_logger, exception, _database, operation, sqlState);
        return new UpgradeStoreException(
            $"The PostgreSQL upgrade store ({_database}) could not {operation}: {exception.Message}{(sqlState is null ? "" : $" (SQLSTATE {sqlState})")}",
            exception);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params KeyValuePair<string, object>[] parameters)
    {
#pragma warning disable CA2100 // Statements are built from constants and column names; values are always parameters.
        var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken,
        params KeyValuePair<string, object>[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static KeyValuePair<string, object> P(string name, object value) => new(name, value);
}
