using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    private static UpgradeStalledNotification Stall(UpgradeRecord record, int minute) => new()
    {
        Id = Guid.NewGuid(),
        RecordId = record.Id,
        OccurredAt = record.CreatedAt + Duration.FromMinutes(minute),
        Reason = StallReason.PastEstimate,
        UpgradeStartedAt = record.CreatedAt,
        StallThresholdAt = record.CreatedAt + Duration.FromMinutes(minute - 10),
    };

    /// <summary>A record has one open stall at most: a second start stores no second notification.</summary>
    [StoreFact]
    public async Task Stalls_StartedTwice_OneOpenStallAndOneNotification()
    {
        var store = await NewStoreAsync();
        var stalls = Assert.IsAssignableFrom<IStallEpisodeStore>(store);
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var first = Stall(record, 30);

        Assert.True(await stalls.StartStallAsync(first));
        Assert.False(await stalls.StartStallAsync(Stall(record, 31)));

        var pending = Assert.Single(await store.ReadPendingAsync(10));
        Assert.Equal(first, pending);
        Assert.Equal([record.Id], await stalls.ReadOpenStallsAsync());
    }

    /// <summary>An ended stall makes room for the next one, which is notified again.</summary>
    [StoreFact]
    public async Task Stalls_EndedThenStartedAgain_ANewStallWithItsNotification()
    {
        var store = await NewStoreAsync();
        var stalls = Assert.IsAssignableFrom<IStallEpisodeStore>(store);
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var other = await InsertAsync(store, NewRecord(T0 + Duration.FromSeconds(1), UpgradeStatus.Upgrading));
        var first = Stall(record, 30);
        await stalls.StartStallAsync(first);

        Assert.Equal(1, await stalls.EndStallsAsync([record.Id, other.Id], T0 + Duration.FromMinutes(40)));
        Assert.Equal(0, await stalls.EndStallsAsync([record.Id], T0 + Duration.FromMinutes(41)));
        Assert.Empty(await stalls.ReadOpenStallsAsync());
        var second = Stall(record, 50);
        Assert.True(await stalls.StartStallAsync(second));

        Assert.Equal([first.Id, second.Id], (await store.ReadPendingAsync(10)).Select(n => n.Id));
    }

    /// <summary>Host instances that find the same upgrade stalled at once start one stall and store one notification.</summary>
    [StoreFact]
    public async Task Stalls_EightStartsRacing_ExactlyOneWins()
    {
        var store = await NewStoreAsync();
        var stalls = Assert.IsAssignableFrom<IStallEpisodeStore>(store);
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));

        var started = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => stalls.StartStallAsync(Stall(record, 30 + i)))));

        Assert.Single(started, s => s);
        Assert.Single(await store.ReadPendingAsync(10));
    }

    /// <summary>The timelines of several records in one read are what each record's own read gives; a record without one is absent.</summary>
    [StoreFact]
    public async Task Stalls_TimelineSummariesOfSeveralRecords_EqualEachRecordsOwn()
    {
        var store = await NewStoreAsync();
        var stalls = Assert.IsAssignableFrom<IStallEpisodeStore>(store);
        var one = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var two = await InsertAsync(store, NewRecord(T0 + Duration.FromSeconds(1), UpgradeStatus.Upgrading));
        var silent = await InsertAsync(store, NewRecord(T0 + Duration.FromSeconds(2), UpgradeStatus.Upgrading));
        await store.AppendEventsAsync(one.Id, [
            new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "api", At = T0 + Duration.FromMinutes(1) },
            new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingFinished, Subject = "api", At = T0 + Duration.FromMinutes(2) },
            new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupStarted, Subject = "metadb", At = T0 + Duration.FromMinutes(3) }]);
        await store.AppendEventsAsync(two.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "scheduler", At = T0 + Duration.FromMinutes(4) }]);

        var read = await stalls.ReadTimelineSummariesAsync([one.Id, two.Id, silent.Id]);

        Assert.Equal(2, read.Count);
        Assert.Equal((await store.ReadSummariesAsync(one.Id)).OrderBy(s => s.Node).ThenBy(s => s.Subject, StringComparer.Ordinal),
            read[one.Id].OrderBy(s => s.Node).ThenBy(s => s.Subject, StringComparer.Ordinal));
        Assert.Equal(await store.ReadSummariesAsync(two.Id), read[two.Id]);
        Assert.False(read.ContainsKey(silent.Id));
    }
}
