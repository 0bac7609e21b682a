using System.Globalization;
using Dataphin.UpgradeKit.Testing.HostTools;
using Npgsql;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// One throw-away PostgreSQL cluster for the whole test run (an xunit collection fixture), with a template database
/// that already has the store's schema, so each test gets a fresh database in one <c>CREATE DATABASE</c>.
/// </summary>
public sealed class PostgreSqlClusterFixture : IAsyncLifetime
{
    private const string Template = "upgradekit_template";
    private PostgreSqlTestCluster? _cluster;
    private int _databases;

    public PostgreSqlTestCluster Cluster => _cluster
        ?? throw new InvalidOperationException(PostgreSqlServerBinaries.SkipReason ?? "The PostgreSQL test cluster did not start.");

    public async Task InitializeAsync()
    {
        var bin = PostgreSqlServerBinaries.Find();
        if (bin is null)
        {
            if (HostTool.IsCi)
            {
                throw new InvalidOperationException(
                    $"CI=true but the PostgreSQL server binaries are missing: {PostgreSqlServerBinaries.HowToInstall}. PostgreSQL tests must run under CI.");
            }

            return; // The tests skip with the install hint (RequiresPostgreSqlServer).
        }

        _cluster = PostgreSqlTestCluster.Start(bin);
        await ExecuteAsync($"CREATE DATABASE {Template}");
        await using (var store = PostgreSqlUpgradeStore.Create(_cluster.ConnectionString(Template)))
        {
            await store.EnsureSchemaAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Creates a new database, with the store's schema unless <paramref name="withSchema"/> is false, and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(bool withSchema = true)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"test_{Interlocked.Increment(ref _databases)}_{Environment.ProcessId}");
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {(withSchema ? Template : "template0")}");
        return Cluster.ConnectionString(name);
    }

    /// <summary>Runs one statement as superuser in the <c>postgres</c> database.</summary>
    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(Cluster.ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
#pragma warning disable CA2100 // Test statements built from constants.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        _cluster?.Dispose();
        return Task.CompletedTask;
    }
}
