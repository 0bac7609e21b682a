using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>Eight reporters appending at once lose no event.</summary>
    [StoreFact]
    public async Task AppendEvents_EightReportersAtOnce_LoseNoEvent()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        const int Reporters = 8;
        const int PerReporter = 250;

        var added = await Task.WhenAll(Enumerable.Range(0, Reporters).Select(reporter => Task.Run(async () =>
        {
            var count = 0;
            for (var i = 0; i < PerReporter; i++)
            {
                var e = new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"service-{reporter}-{i}", At = T0 + Duration.FromMilliseconds(i) };
                count += await store.AppendEventsAsync(record.Id, [e]);
            }

            return count;
        })));

        Assert.All(added, count => Assert.Equal(PerReporter, count));
        var stored = await store.ReadEventsAsync(record.Id);
        Assert.Equal(Reporters * PerReporter, stored.Select(e => e.Subject).Distinct().Count());
        Assert.Equal(Reporters * PerReporter, stored.Count);
    }

    /// <summary>Events already stored (same key) are stored once, and the count says how many were new.</summary>
    [StoreFact]
    public async Task AppendEvents_Duplicates_AreStoredOnceAndCountOnlyNewOnes()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var a = new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupStarted, Subject = "metadb", At = T0 };
        var b = new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupCompleted, Subject = "metadb", At = T0 + Duration.FromSeconds(30) };

        Assert.Equal(1, await store.AppendEventsAsync(record.Id, [a, a]));
        Assert.Equal(1, await store.AppendEventsAsync(record.Id, [new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupStarted, Subject = "metadb", At = T0 }, b]));
        Assert.Equal(0, await store.AppendEventsAsync(record.Id, [b, a]));
        Assert.Equal(0, await store.AppendEventsAsync(record.Id, []));

        Assert.Equal([a, b], await store.ReadEventsAsync(record.Id));
    }

    /// <summary>The same report sent twice at once stores each event once.</summary>
    [StoreFact]
    public async Task AppendEvents_DuplicateReportsRacing_StoreEachEventOnce()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var events = Enumerable.Range(0, 50)
            .Select(i => new TimelineEvent { Kind = TimelineEventKind.ServiceStartingFinished, Subject = $"svc-{i}", At = T0 + Duration.FromSeconds(i) })
            .ToList();

        var added = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.AppendEventsAsync(record.Id, events))));

        Assert.Equal(events.Count, added.Sum());
        Assert.Equal(events.ToHashSet(), (await store.ReadEventsAsync(record.Id)).ToHashSet());
        Assert.Equal(events.Count, (await store.ReadEventsAsync(record.Id)).Count);
    }

    /// <summary>Events come back with every field, in first-stored order, per record.</summary>
    [StoreFact]
    public async Task ReadEvents_GivesEveryFieldBackInFirstStoredOrderPerRecord()
    {
        var store = await NewStoreAsync();
        var one = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var other = await InsertAsync(store, NewRecord(T0 + Duration.FromSeconds(1), UpgradeStatus.Upgrading));
        TimelineEvent[] events =
        [
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "migrate-lineage", At = T0 + Duration.FromTicks(77), Outcome = DataUpdateTaskOutcome.Skipped, DetailsLink = "https://host/tasks/9?x=1&y=2" },
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "migrate-lineage", At = T0, DetailsLink = "https://host/tasks/9" },
            new TimelineEvent { Kind = TimelineEventKind.DataServiceStudioUpgradeStarted, Subject = "DataService Studio", At = T0 + Duration.FromDays(1) },
        ];

        await store.AppendEventsAsync(one.Id, events);
        await store.AppendEventsAsync(other.Id, [events[0]]);

        Assert.Equal(events, await store.ReadEventsAsync(one.Id));
        Assert.Equal([events[0]], await store.ReadEventsAsync(other.Id));
        Assert.Empty(await store.ReadEventsAsync(UpgradeRecordId.New(T0)));
    }
}
