using System.Data.Common;
using System.Globalization;
using Dataphin.UpgradeKit.Storage.Shared;
using Microsoft.Data.Sqlite;

namespace Dataphin.UpgradeKit.Sqlite;

/// <summary>
/// SQLite for <see cref="RelationalUpgradeStore"/>: ids as 32-hex <c>TEXT</c>, writes under <c>BEGIN IMMEDIATE</c>
/// (a writer queues on the file's lock for the busy time-out, so no transaction is ever aborted for contention),
/// WAL mode, and a new database file created owner-only.
/// </summary>
internal sealed class SqliteDialect : RelationalDialect
{
    private readonly long _busyTimeoutMilliseconds;
    private readonly string? _fileToCreate;
    private volatile bool _fileChecked;

    public SqliteDialect(SqliteUpgradeStoreOptions options)
        : this(options, new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        })
    {
    }

    private SqliteDialect(SqliteUpgradeStoreOptions options, SqliteConnectionStringBuilder builder)
        : base("SQLite", builder.DataSource, logEventIdBase: 2000)
    {
        ConnectionString = builder.ToString();
        _busyTimeoutMilliseconds = (long)options.BusyTimeout.TotalMilliseconds;
        _fileToCreate = SqliteDatabaseFile.PathToCreate(builder);
    }

    public string ConnectionString { get; }

    public override string SchemaVersionTableExistsSql => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";

    public override string UpsertConfigurationSql =>
        "INSERT INTO upgrade_configurations (record_id, file_name, saved_at, content) VALUES (@id, @file_name, @saved_at, @content) " +
        "ON CONFLICT (record_id) DO UPDATE SET file_name = excluded.file_name, saved_at = excluded.saved_at, content = excluded.content " +
        "WHERE file_name IS NOT excluded.file_name OR saved_at IS NOT excluded.saved_at OR content IS NOT excluded.content";

    public override int ContentionRetries => 0;

    public override bool WritersAreSerialized => true;

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (!_fileChecked)
        {
            // Before SQLite creates the file with the process's umask (usually 0644): an empty file is a new database.
            SqliteDatabaseFile.CreateOwnerOnly(_fileToCreate);
            _fileChecked = true;
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await Sql.ExecuteAsync(connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds};"),
                cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // deferred: false is BEGIN IMMEDIATE: the write lock from the start, so a transaction never has to upgrade a read lock halfway.
    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

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
}
