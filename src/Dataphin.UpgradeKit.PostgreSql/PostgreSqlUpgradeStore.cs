using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Relational;
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
public sealed partial class PostgreSqlUpgradeStore : DelegatingUpgradeStore
{
    /// <summary>The schema version this package reads and writes.</summary>
    public const int SchemaVersion = 3;

    /// <summary>
    /// The <c>Maximum Pool Size</c> of a store created from a connection string that sets none (Npgsql's own default
    /// is 100, so two instances at full pool exhaust a server at its default <c>max_connections</c> of 100). Twenty
    /// connections serve the store's short transactions and its one listening connection; four instances fit in a default
    /// server with room to spare. A connection string's own <c>Maximum Pool Size</c> (or a host's data source) wins.
    /// </summary>
    public const int DefaultMaximumPoolSize = 20;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly RelationalUpgradeStore _core;
    private readonly ILogger _logger;
    private readonly int _expectedInstances;

    /// <summary>Creates a store on the host's data source (the host keeps owning it and disposes it).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PostgreSqlUpgradeStore(NpgsqlDataSource dataSource, PostgreSqlUpgradeStoreOptions? options = null, ILogger<PostgreSqlUpgradeStore>? logger = null)
        : this(dataSource, ownsDataSource: false, options, logger)
    {
    }

    private PostgreSqlUpgradeStore(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlUpgradeStoreOptions? options, ILogger? logger)
        : this(Valid(dataSource, options), dataSource, ownsDataSource, logger ?? NullLogger.Instance)
    {
    }

    private PostgreSqlUpgradeStore(PostgreSqlUpgradeStoreOptions options, NpgsqlDataSource dataSource, bool ownsDataSource, ILogger logger)
        : base(new RelationalUpgradeStore(new PostgreSqlDialect(dataSource, options.TransientConflictRetries, options.PrepareStatements), SchemaVersion,
            options.EnsureSchemaOnFirstUse, options.Clock, logger, typeof(PostgreSqlUpgradeStore)))
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _logger = logger;
        _expectedInstances = options.ExpectedInstances;
        _core = (RelationalUpgradeStore)InnerStore;
    }

    /// <summary>
    /// Creates the schema in an empty database or brings an older one up to <see cref="SchemaVersion"/>, in one
    /// transaction that no other process applying it at the same time can interleave with. Safe to call at every
    /// start, from several processes at once.
    /// </summary>
    /// <exception cref="SchemaVersionMismatchException">The database's schema is newer than this package.</exception>
    /// <exception cref="UpgradeStoreException">The database cannot be reached or written, or a script fails.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => _core.EnsureSchemaAsync(cancellationToken);

    /// <summary>
    /// Creates a store with its own connection pool for <paramref name="connectionString"/>; disposing the store closes
    /// it. The pool holds at most <see cref="DefaultMaximumPoolSize"/> connections unless the connection string sets
    /// <c>Maximum Pool Size</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string or the options are invalid.</exception>
    public static PostgreSqlUpgradeStore Create(string connectionString, PostgreSqlUpgradeStoreOptions? options = null, ILogger<PostgreSqlUpgradeStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var dataSource = NpgsqlDataSource.Create(WithDefaultPoolSize(connectionString));
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
    /// Checks that the server has room for <see cref="PostgreSqlUpgradeStoreOptions.ExpectedInstances"/> instances whose
    /// pools are as large as this one's: reads <c>max_connections</c>, <c>superuser_reserved_connections</c> and the
    /// connections open now (<c>pg_stat_activity</c>), and logs a warning (event 2210) when they do not fit. A host
    /// registered with <c>UsePostgreSql</c> runs it once when it starts; a store created by hand (creating one never needs
    /// the server) calls it itself, and a health check may call it too.
    /// </summary>
    /// <exception cref="UpgradeStoreException">The server cannot be read.</exception>
    public async Task<PostgreSqlConnectionCapacity> CheckConnectionCapacityAsync(CancellationToken cancellationToken = default)
    {
        var poolSize = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString).MaxPoolSize;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int, " +
                "(SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend'), " +
                "(SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name = current_setting('application_name'))",
                connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var capacity = new PostgreSqlConnectionCapacity
            {
                PoolSize = poolSize,
                ExpectedInstances = _expectedInstances,
                MaxConnections = reader.GetInt32(0),
                ReservedConnections = reader.GetInt32(1),
                OpenConnections = reader.GetInt32(2),
                OpenWithThisApplicationName = reader.GetInt32(3),
            };
            if (!capacity.Fits)
            {
                PostgreSqlLog.PoolMayExhaustServer(_logger, poolSize, _expectedInstances, capacity.MaxConnections, capacity.ReservedConnections, capacity.OpenConnections);
            }

            return capacity;
        }
        catch (NpgsqlException ex)
        {
            throw new UpgradeStoreException($"Could not read the connection limits of the PostgreSQL server: {ex.Message}", ex);
        }
    }

    // Npgsql's default pool (100) is too large for several instances on one server: a string that sets no size gets ours.
    private static string WithDefaultPoolSize(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in given.Keys)
        {
            if (key.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant() is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE")
            {
                return connectionString;
            }
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaximumPoolSize }.ConnectionString;
    }

    /// <summary>
    /// Closes the connection pool when the store created it; a host's data source is left open. Every later call
    /// throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    protected override async ValueTask DisposeAsyncCore()
    {
        _core.MarkDisposed();
        await StopListeningAsync().ConfigureAwait(false);
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    /// <inheritdoc cref="DisposeAsyncCore"/>
    /// <param name="disposing">True when called from <see cref="DelegatingUpgradeStore.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _core.MarkDisposed();
            StopListeningAsync().AsTask().GetAwaiter().GetResult();
            if (_ownsDataSource)
            {
                _dataSource.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static PostgreSqlUpgradeStoreOptions Valid(NpgsqlDataSource dataSource, PostgreSqlUpgradeStoreOptions? options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgreSqlUpgradeStoreOptions();
        options.Validate();
        return options;
    }
}
