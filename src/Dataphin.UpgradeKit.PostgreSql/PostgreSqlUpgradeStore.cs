using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Storage.Shared;
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
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly RelationalUpgradeStore _core;

    /// <summary>Creates a store on the host's data source (the host keeps owning it and disposes it).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PostgreSqlUpgradeStore(NpgsqlDataSource dataSource, PostgreSqlUpgradeStoreOptions? options = null, ILogger<PostgreSqlUpgradeStore>? logger = null)
        : this(dataSource, ownsDataSource: false, options, logger)
    {
    }

    private PostgreSqlUpgradeStore(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlUpgradeStoreOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgreSqlUpgradeStoreOptions();
        options.Validate();
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _core = new RelationalUpgradeStore(new PostgreSqlDialect(dataSource, options.TransientConflictRetries), SchemaVersion,
            options.EnsureSchemaOnFirstUse, options.Clock, logger ?? NullLogger.Instance, this);
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

    /// <summary>
    /// Closes the connection pool when the store created it; a host's data source is left open. Every later call
    /// throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _core.MarkDisposed();
        await StopListeningAsync().ConfigureAwait(false);
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        _core.MarkDisposed();
        StopListeningAsync().AsTask().GetAwaiter().GetResult();
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }
}
