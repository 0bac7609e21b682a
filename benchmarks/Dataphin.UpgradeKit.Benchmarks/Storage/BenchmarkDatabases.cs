using System.Globalization;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Testing.HostTools;
using Npgsql;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// Databases for the storage benchmarks: SQLite files on disk and one durable throw-away PostgreSQL cluster per process
/// (default fsync and synchronous commit, so both database stores pay for durable commits), stopped when the process exits.
/// </summary>
internal static class BenchmarkDatabases
{
    private static readonly Lazy<PostgreSqlTestCluster> Cluster = new(() => PostgreSqlTestCluster.Start(
        PostgreSqlServerBinaries.Find() ?? throw new InvalidOperationException(
            $"The PostgreSQL benchmarks need the server binaries: {PostgreSqlServerBinaries.HowToInstall}.")
        , durable: true));

    private static int _count;

    public static string SqliteDirectory { get; } = CreateSqliteDirectory();

    private static string CreateSqliteDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("upgradekit-bench-sqlite-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        };
        return directory;
    }

    public static async Task<(SqliteUpgradeStore Store, string Path)> NewSqliteStoreAsync()
    {
        var path = Path.Combine(SqliteDirectory, string.Create(CultureInfo.InvariantCulture, $"bench-{Interlocked.Increment(ref _count)}.db"));
        var store = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(path));
        await store.EnsureSchemaAsync();
        return (store, path);
    }

    /// <summary>A new database on the shared cluster, with the store's schema; returns its connection string.</summary>
    public static async Task<string> NewPostgreSqlDatabaseAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"bench_{Interlocked.Increment(ref _count)}");
        await using (var connection = new NpgsqlConnection(Cluster.Value.ConnectionString()))
        {
            await connection.OpenAsync();
#pragma warning disable CA2100 // Built from a counter.
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
#pragma warning restore CA2100
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = Cluster.Value.ConnectionString(name);
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);
        await store.EnsureSchemaAsync();
        return connectionString;
    }
}
