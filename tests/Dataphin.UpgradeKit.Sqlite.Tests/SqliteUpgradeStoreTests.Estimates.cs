using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Testing.HostTools;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    /// <summary>
    /// Schema version 3 on a real version-2 database: the upgrade script fills the comparable upgrades of estimates from
    /// the succeeded records it holds (four in the fixture), as the SDK would make them.
    /// </summary>
    [Fact]
    public async Task EnsureSchema_RealVersionTwoDatabase_ComparablesOfEverySucceededRecord_R_ETA_1()
    {
        SchemaV2Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);

        await store.EnsureSchemaAsync();

        await SchemaV3EstimateChecks.AssertComparablesMatchSucceededRecordsAsync(store, expectedCount: 4);
    }

    [Fact]
    public async Task SaveComparablesAsync_SavedTwice_KeptOnceAndReadNewestFirstPerMode_R_ETA_1()
    {
        using var store = _database.OpenStore();
        var start = Instant.FromUtc(2026, 3, 1, 0, 0);
        var first = new ComparableUpgrade
        {
            RecordId = UpgradeRecordId.New(start),
            Mode = UpgradeMode.Maintenance,
            FinishedAt = start + Duration.FromMinutes(60),
            Duration = Duration.FromMinutes(60),
            NodeEnds = new Dictionary<Timeline.TimelineNodeKind, Duration> { [Timeline.TimelineNodeKind.DataUpdate] = Duration.FromMinutes(40) },
        };
        var second = first with { RecordId = UpgradeRecordId.New(start + Duration.FromDays(1)), FinishedAt = start + Duration.FromDays(1), NodeEnds = new Dictionary<Timeline.TimelineNodeKind, Duration>() };
        var other = first with { RecordId = UpgradeRecordId.New(start + Duration.FromDays(2)), Mode = UpgradeMode.ZeroDowntime, FinishedAt = start + Duration.FromDays(2) };

        await store.SaveComparablesAsync([first, second, other]);
        await store.SaveComparablesAsync([first]);

        var read = await store.ReadComparablesAsync(UpgradeMode.Maintenance, 10);
        Assert.Equal([second.RecordId, first.RecordId], read.Select(c => c.RecordId));
        Assert.Equal(Duration.FromMinutes(40), read[1].NodeEnds[Timeline.TimelineNodeKind.DataUpdate]);
        Assert.Empty(read[0].NodeEnds);
        Assert.Single(await store.ReadComparablesAsync(UpgradeMode.Maintenance, 1));
        Assert.Equal(other.FinishedAt, await store.LatestComparableFinishAsync());
    }
}
