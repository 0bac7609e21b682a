using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

// Configuration content out of the record: listing, finding and every update that saves no configuration run without
// the content column; only reading the configuration for a download needs it.
public sealed class SqliteConfigurationContentTests : IDisposable
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 12, 1, 8, 0));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ListFindAndUpdates_ContentColumnDropped_StillWork_OnlyTheDownloadReadNeedsIt_R_SEC_6()
    {
        using var store = _database.OpenStore();
        var service = new UpgradeKitFeatures(store, _clock);
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.2"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Alice);
        await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", new byte[] { 1, 2, 3 }, _clock.GetCurrentInstant()), Alice);
        Assert.Equal(new byte[] { 1, 2, 3 }, (await store.ReadConfigurationAsync(record.Id))!.Content.ToArray());

        // A query that names the content column now fails: the list, the find and the updates below name none.
        using (var connection = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "ALTER TABLE upgrade_configurations DROP COLUMN content";
            drop.ExecuteNonQuery();
        }

        var listed = Assert.Single((await service.Queries.ListAsync(new UpgradeRecordQuery())).Items);
        Assert.Equal("upgrade.yaml", listed.Configuration!.FileName);
        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { CurrentStep = "step-2" });
        var stopped = await service.Commands.StopAsync(record.Id, Alice, new StopOptions(false));
        Assert.Equal(UpgradeStatus.Stopped, stopped.Status);
        Assert.Equal(stopped, await service.Queries.FindAsync(record.Id));

        await Assert.ThrowsAnyAsync<UpgradeStoreException>(async () => await store.ReadConfigurationAsync(record.Id));
    }
}
