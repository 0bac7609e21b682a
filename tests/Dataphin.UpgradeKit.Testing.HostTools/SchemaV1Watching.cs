using System.Globalization;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>What an upgraded version-1 database promises watchers (R-LIVE-1, R-LIVE-2), checked the same way on each store.</summary>
public static class SchemaV1Watching
{
    /// <summary>
    /// On a store whose version-1 database was just brought to the current schema: the feed starts empty, and a watch
    /// of the fixture's running upgrade sees a timeline report and the stop made after the upgrade, in order.
    /// </summary>
    public static async Task AssertUpgradedDatabaseServesWatchesAsync(IUpgradeStore store)
    {
        Assert.Equal(0, await store.ReadLastPositionAsync());
        var running = Assert.Single((await store.ListAsync(new UpgradeRecordQuery { Statuses = [UpgradeStatus.Upgrading] })).Items);
        var service = new UpgradeKitFeatures(store, SystemClock.Instance);
        var bob = new OperatorIdentity("bob");
        var display = new DisplayContext(DateTimeZone.Utc, CultureInfo.InvariantCulture);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var watch = service.Watches.WatchRecordAsync(running.Id, bob, display, cancellationToken: bound.Token).GetAsyncEnumerator(bound.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(RecordChangeKind.Snapshot, watch.Current.Kind);

        await service.HostReports.ReportTimelineEventsAsync(running.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "after-upgrade", At = SystemClock.Instance.GetCurrentInstant() }]);
        await service.Commands.StopAsync(running.Id, bob, new StopOptions(RerunForceStoppedInstances: false));

        var seen = new List<RecordWatchEvent>();
        while (seen.Count < 2 && await watch.MoveNextAsync())
        {
            seen.Add(watch.Current);
        }

        Assert.Equal([RecordChangeKind.TimelineAppended, RecordChangeKind.Updated], seen.Select(w => w.Kind));
        Assert.Equal(UpgradeStatus.Stopped, seen[1].Row!.Status.Code);
        Assert.Equal(seen.Select(w => w.Position), (await store.ReadChangesAsync(0, 10)).Select(c => c.Position));
    }
}
