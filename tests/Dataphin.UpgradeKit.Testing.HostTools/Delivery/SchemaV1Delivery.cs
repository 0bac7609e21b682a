using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Notifications;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools.Delivery;

/// <summary>What an upgraded version-1 database's pending notifications get from the hosted dispatcher (R-DLV-1, R-DLV-3), checked the same way on each store.</summary>
public static class SchemaV1Delivery
{
    /// <summary>
    /// On a store whose version-1 database was just brought to the current schema: a host started over it delivers the
    /// fixture's pending notifications by itself (no sweep is due for an hour: its start-up pass), each once, in store order.
    /// </summary>
    public static async Task AssertHostedDispatcherDeliversThePendingAsync(IUpgradeStore store)
    {
        var pending = await store.ReadPendingAsync(100);
        Assert.Equal(SchemaV1Fixtures.PendingNotificationCount, pending.Count);
        var handler = new RecordingNotificationHandler();
        await using var host = new DispatcherTestHost(store, handler, o => o.SweepInterval = Duration.FromHours(1));

        await host.StartAsync();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while ((await store.ReadPendingAsync(100)).Count > 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "The dispatcher did not deliver the version-1 database's pending notifications within 20 s.");
            await Task.Delay(20);
        }

        Assert.Equal(pending.Select(n => n.Id), handler.Received.Select(n => n.Id));
        Assert.All(handler.Received, n => Assert.Equal(1, n.Attempt));
        Assert.Equal(0, await store.CountDeadLettersAsync());
    }
}
