using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Data.Sqlite;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>Retention runs kept on SQLite (R-RET-2), in a real version-2 database upgraded in place.</summary>
public sealed class SqliteRetentionRunsTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task RunOnce_RealVersionTwoDatabaseUpgradedInPlace_KeepsTheRunWithWhoWhenAndExactlyWhatItRemoved_R_RET_2()
    {
        SchemaV2Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);
        await store.EnsureSchemaAsync();

        var run = await RetentionRunChecks.AssertRunIsKeptWithWhatItRemovedAsync(store, Path.Combine(_database.Directory, "archive"),
            Instant.FromUtc(2030, 1, 1, 0, 0), CountAsync);

        Assert.True(run.Notifications > 0, "the fixture's removed records had delivered notifications");
    }

    [Fact]
    public async Task Pin_ShowsOnTheListRowAndTheViewLogPanel_R_RET_1()
    {
        using var store = _database.OpenStore();
        await RetentionPinViewChecks.AssertPinShowsOnTheRowAndThePanelAsync(store);
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
