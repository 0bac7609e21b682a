using System.Text.Json;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Pins are visible where an operator looks (R-RET-1): the list row and the View log panel say whether the record is
/// pinned, read from the store, in the objects and in their JSON, on every store.
/// </summary>
public static class RetentionPinViewChecks
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");

    /// <summary>
    /// Creates, starts and stops three upgrades on <paramref name="store"/>, pins the second, and checks the list page, the row of
    /// one record and the View log panel; then unpins it and checks them again.
    /// </summary>
    public static async Task AssertPinShowsOnTheRowAndThePanelAsync(IUpgradeStore store)
    {
        var clock = new FixedClock(Instant.FromUtc(2026, 12, 7, 9, 0));
        var features = new UpgradeKitFeatures(store, clock);
        var retention = new UpgradeRetention(store, null, clock);
        var ids = new List<UpgradeRecordId>();
        for (var i = 0; i < 3; i++)
        {
            var record = await features.Commands.CreateAsync(new NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V5.1.0"),
                InitialVersion = ProductVersion.Parse("V5.0.0"),
                Mode = UpgradeMode.Maintenance,
                DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            }, Alice);
            var started = await features.HostReports.StartAsync(record.Id);
            // Stopped: View log is offered, and retention could remove it but for a pin.
            ids.Add((await features.Commands.StopAsync(started.Id, Alice, new StopOptions(true), started.Version)).Id);
        }

        await retention.PinAsync(ids[1], Alice);
        await AssertShownAsync(features, ids, pinned: ids[1]);

        await retention.UnpinAsync(ids[1], Alice);
        await AssertShownAsync(features, ids, pinned: null);
    }

    private static async Task AssertShownAsync(UpgradeKitFeatures features, List<UpgradeRecordId> ids, UpgradeRecordId? pinned)
    {
        var page = await features.Queries.ListRowsAsync(new UpgradeRecordQuery { PageSize = 50 }, Alice, DisplayContext.Default);
        Assert.Equal(ids.Order().Select(id => id == pinned), page.Rows.Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id).Select(r => r.Pinned));
        foreach (var id in ids)
        {
            var expected = id == pinned;
            var record = await features.Queries.GetAsync(id);
            var row = await features.Queries.ToListRowAsync(record, Alice, DisplayContext.Default);
            var panel = await features.Queries.ViewLogAsync(id, Alice, DisplayContext.Default);
            Assert.Equal((expected, expected), (row.Pinned, panel.Pinned));
            Assert.Equal(expected, JsonDocument.Parse(JsonSerializer.Serialize(row, UpgradeKitJson.Options)).RootElement.GetProperty("pinned").GetBoolean());
            Assert.Equal(expected, JsonDocument.Parse(JsonSerializer.Serialize(panel, UpgradeKitJson.Options)).RootElement.GetProperty("pinned").GetBoolean());
        }
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
