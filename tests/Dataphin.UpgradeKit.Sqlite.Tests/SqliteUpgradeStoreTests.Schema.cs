using Dataphin.UpgradeKit.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    [Fact]
    public async Task EnsureSchema_NewFile_CreatesEveryVersionInWalMode()
    {
        using var store = _database.OpenStore();

        await store.EnsureSchemaAsync();
        await store.EnsureSchemaAsync();

        Assert.Equal(string.Join(",", Enumerable.Range(1, SqliteUpgradeStore.SchemaVersion)), await ScalarAsync("SELECT group_concat(version) FROM schema_version ORDER BY version"));
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task FirstUse_SchemaMissingAndAutomaticMigrationOff_ThrowsSchemaVersionMismatch()
    {
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);

        var error = await Assert.ThrowsAsync<SchemaVersionMismatchException>(() => store.ListAsync(new UpgradeRecordQuery()));

        Assert.Equal(0, error.ActualVersion);
        Assert.Equal(SqliteUpgradeStore.SchemaVersion, error.ExpectedVersion);
        Assert.Contains("older", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaNewerThanThePackage_EnsureSchemaAndFirstUseThrowSchemaVersionMismatch()
    {
        using (var store = _database.OpenStore())
        {
            await store.EnsureSchemaAsync();
        }

        await ScalarAsync($"INSERT INTO schema_version (version) VALUES ({SqliteUpgradeStore.SchemaVersion + 1})");
        using var newer = _database.OpenStore();

        var onEnsure = await Assert.ThrowsAsync<SchemaVersionMismatchException>(() => newer.EnsureSchemaAsync());
        var onUse = await Assert.ThrowsAsync<SchemaVersionMismatchException>(() => newer.ReadPendingAsync(1));

        Assert.Equal(SqliteUpgradeStore.SchemaVersion + 1, onEnsure.ActualVersion);
        Assert.Contains("newer", onUse.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaScript_AppliedByTheHostsOwnTooling_IsAcceptedByTheStore()
    {
        // Every script in name order, then the versions after 1 recorded, as the scripts' comments tell a host to.
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Schema"), "*.sql").Order(StringComparer.Ordinal))
        {
            await ScalarAsync(await File.ReadAllTextAsync(file));
        }

        for (var version = 2; version <= SqliteUpgradeStore.SchemaVersion; version++)
        {
            await ScalarAsync($"INSERT INTO schema_version (version) VALUES ({version})");
        }
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);

        var page = await store.ListAsync(new UpgradeRecordQuery());

        Assert.Empty(page.Items);
    }

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=false");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
