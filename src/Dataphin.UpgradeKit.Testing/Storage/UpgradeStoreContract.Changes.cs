using System.Globalization;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    private static readonly TimeSpan WatchBound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An insert, an update, a timeline append with new events, one with none new and a removal: the feed holds the four
    /// changes that stored something, in commit order, at growing positions.
    /// </summary>
    [StoreFact]
    public async Task ReadChanges_EachKindOfChange_R_LIVE_1_FedOnceInCommitOrder()
    {
        var store = await NewStoreAsync();
        var before = await store.ReadLastPositionAsync();
        var record = await InsertAsync(store, NewRecord(T0));
        var started = (UpgradeRecordSnapshot.From(record) with { Status = UpgradeStatus.Upgrading, UpgradeStartedAt = T0, MaintenanceStartedAt = T0, Version = 2 }).ToRecord();
        await store.UpdateAsync(started, 1, new RecordChange(Audit(started, UpgradeOperation.Start, UpgradeStatus.Configuring), []));
        var e = new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupStarted, Subject = "metadb", At = T0 };
        await store.AppendEventsAsync(record.Id, [e]);
        await store.AppendEventsAsync(record.Id, [e]);
        await store.DeleteAsync(record.Id, 2, new RecordChange(Audit(started, UpgradeOperation.Cancel, UpgradeStatus.Upgrading), []));

        var changes = await store.ReadChangesAsync(before, 100);

        Assert.Equal([RecordChangeKind.Created, RecordChangeKind.Updated, RecordChangeKind.TimelineAppended, RecordChangeKind.Removed],
            changes.Select(c => c.Kind));
        Assert.All(changes, c => Assert.Equal(record.Id, c.RecordId));
        Assert.Equal([1L, 2L, null, 2L], changes.Select(c => c.RecordVersion));
        Assert.Equal([0, 0, 1, 0], changes.Select(c => c.NewEvents));
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions grow in commit order");
        Assert.True(changes[0].Position > before);
        Assert.Equal(changes[^1].Position, await store.ReadLastPositionAsync());
    }

    /// <summary>A write that conflicts stores nothing, so it adds nothing to the feed either.</summary>
    [StoreFact]
    public async Task ReadChanges_ConflictingUpdate_R_LIVE_1_AddsNoChange()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0));
        var last = await store.ReadLastPositionAsync();
        var stale = (UpgradeRecordSnapshot.From(record) with { Status = UpgradeStatus.Upgrading, Version = 2 }).ToRecord();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.UpdateAsync(stale, 7, new RecordChange(Audit(stale, UpgradeOperation.Start, UpgradeStatus.Configuring), [])));

        Assert.Empty(await store.ReadChangesAsync(last, 10));
    }

    /// <summary>Reading after a position for one record returns that record's later changes only, oldest first, at most as many as asked.</summary>
    [StoreFact]
    public async Task ReadChanges_OneRecordAfterPosition_R_LIVE_2_ReturnsOnlyItsLaterChanges()
    {
        var store = await NewStoreAsync();
        var a = await InsertAsync(store, NewRecord(T0));
        var b = await InsertAsync(store, NewRecord(T0 + Duration.FromSeconds(1)));
        var afterInserts = await store.ReadLastPositionAsync();
        for (var i = 0; i < 3; i++)
        {
            await store.AppendEventsAsync(a.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"a-{i}", At = T0 }]);
            await store.AppendEventsAsync(b.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"b-{i}", At = T0 }]);
        }

        var ofA = await store.ReadChangesAsync(afterInserts, 2, a.Id);

        Assert.Equal(2, ofA.Count);
        Assert.All(ofA, c => Assert.Equal(a.Id, c.RecordId));
        var rest = await store.ReadChangesAsync(ofA[^1].Position, 10, a.Id);
        Assert.Single(rest);
        Assert.Equal(6, (await store.ReadChangesAsync(afterInserts, 100)).Count);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadChangesAsync(-1, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadChangesAsync(0, 0));
    }

    /// <summary>
    /// Eight writers commit at once while a reader follows the feed by its last position: the reader sees every change
    /// exactly once, at growing positions, none skipped. On a database whose numbering is not commit-ordered a
    /// reader would skip a number that commits after a larger one.
    /// </summary>
    [StoreFact]
    public async Task ReadChanges_ReaderFollowingConcurrentWriters_R_LIVE_2_MissesNothingAndSeesNothingTwice()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var start = await store.ReadLastPositionAsync();
        const int Writers = 8;
        const int PerWriter = 40;
        using var done = new CancellationTokenSource();
        var seen = new List<RecordChangeEntry>();
        var reader = Task.Run(async () =>
        {
            var position = start;
            while (seen.Count < Writers * PerWriter)
            {
                var batch = await store.ReadChangesAsync(position, 7);
                seen.AddRange(batch);
                position = batch.Count > 0 ? batch[^1].Position : position;
                if (batch.Count == 0)
                {
                    done.Token.ThrowIfCancellationRequested();
                    await Task.Yield();
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                await store.AppendEventsAsync(record.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"w{w}-{i}", At = T0 }]);
            }
        })));
        done.CancelAfter(WatchBound);
        await reader;

        Assert.Equal(Writers * PerWriter, seen.Count);
        Assert.Equal(seen.Count, seen.Select(c => c.Position).Distinct().Count());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions grow");
        Assert.Equal(seen.Select(c => c.Position).Order(), (await store.ReadChangesAsync(start, 1000)).Select(c => c.Position));
    }

    /// <summary>A subscriber is called after a change commits through the store.</summary>
    [StoreFact]
    public async Task SubscribeToChanges_ChangeCommitted_R_LIVE_1_CallsBack()
    {
        var store = await NewStoreAsync();
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (store.SubscribeToChanges(() => called.TrySetResult()))
        {
            await InsertAsync(store, NewRecord(T0));
            await called.Task.WaitAsync(WatchBound);
        }
    }

    /// <summary>
    /// A service watch of one record, then of the list, while its upgrade runs: every committed change arrives once, in
    /// order, with the record's state and the watching operator's actions; a second watch resumed from a
    /// position in the middle sees exactly the rest.
    /// </summary>
    [StoreFact]
    public async Task Watch_RunningUpgrade_R_LIVE_1_R_LIVE_2_EveryChangeOnceInOrderAndResumable()
    {
        var store = await NewStoreAsync();
        var clock = new FakeClock(T0);
        var service = new UpgradeKitFeatures(store, clock);
        var alice = new OperatorIdentity("alice");
        var display = new DisplayContext(DateTimeZone.Utc, CultureInfo.InvariantCulture);
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, alice);
        using var bound = new CancellationTokenSource(WatchBound);

        var recordWatch = service.Watches.WatchRecordAsync(record.Id, alice, display, cancellationToken: bound.Token).GetAsyncEnumerator(bound.Token);
        var listWatch = service.Watches.WatchRecordsAsync(alice, display, await service.Watches.GetWatchPositionAsync(), bound.Token).GetAsyncEnumerator(bound.Token);
        Assert.True(await recordWatch.MoveNextAsync());
        Assert.Equal(RecordChangeKind.Snapshot, recordWatch.Current.Kind);
        Assert.Equal(UpgradeStatus.Configuring, recordWatch.Current.Row!.Status.Code);

        clock.Advance(Duration.FromMinutes(1));
        await service.HostReports.StartAsync(record.Id);
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(Duration.FromSeconds(10));
            await service.HostReports.ReportTimelineEventsAsync(record.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"svc-{i}", At = clock.GetCurrentInstant() }]);
        }

        await service.Commands.StopAsync(record.Id, alice, new StopOptions(RerunForceStoppedInstances: false));

        var fromRecordWatch = new List<RecordWatchEvent>();
        while (fromRecordWatch.Count < 7 && await recordWatch.MoveNextAsync())
        {
            fromRecordWatch.Add(recordWatch.Current);
        }

        Assert.Equal([RecordChangeKind.Updated, .. Enumerable.Repeat(RecordChangeKind.TimelineAppended, 5), RecordChangeKind.Updated],
            fromRecordWatch.Select(w => w.Kind));
        Assert.True(fromRecordWatch.Zip(fromRecordWatch.Skip(1)).All(p => p.First.Position < p.Second.Position));
        var last = fromRecordWatch[^1];
        Assert.Equal(UpgradeStatus.Stopped, last.Row!.Status.Code);
        Assert.Equal(UpgradeStatus.Stopped, last.Log!.Status.Code);
        Assert.Contains(last.Row.Actions, a => a.Action == UpgradeAction.ViewLog && a.Offered);
        Assert.Contains(fromRecordWatch[5].Log!.Timeline!, n => n.State != TimelineNodeState.NotStarted);

        var fromListWatch = new List<RecordWatchEvent>();
        while (fromListWatch.Count < 7 && await listWatch.MoveNextAsync())
        {
            fromListWatch.Add(listWatch.Current);
        }

        Assert.Equal(fromRecordWatch.Select(w => w.Position), fromListWatch.Select(w => w.Position));
        Assert.All(fromListWatch, w => Assert.Null(w.Log));

        // Resumed after the third change: the last four, nothing before, nothing twice.
        var resumed = new List<RecordWatchEvent>();
        await foreach (var w in service.Watches.WatchRecordAsync(record.Id, alice, display, fromRecordWatch[2].Position, bound.Token))
        {
            resumed.Add(w);
            if (resumed.Count == 4)
            {
                break;
            }
        }

        Assert.Equal(fromRecordWatch.Skip(3).Select(w => w.Position), resumed.Select(w => w.Position));
        await recordWatch.DisposeAsync();
        await listWatch.DisposeAsync();
    }

    /// <summary>
    /// A list watch started from now sees the next change and ends without an error when cancelled; a removal ends a
    /// record's watch.
    /// </summary>
    [StoreFact]
    public async Task Watch_CancelledOrRecordRemoved_R_LIVE_1_EndsTheStream()
    {
        var store = await NewStoreAsync();
        // The watch logs its start once it has read the position it watches from: the signal that "from now" has begun.
        var watchStarted = new WatchStartedSignal();
        var service = new UpgradeKitFeatures(store, new FakeClock(T0), logger: watchStarted);
        var alice = new OperatorIdentity("alice");
        var display = new DisplayContext(DateTimeZone.Utc, CultureInfo.InvariantCulture);
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, alice);
        using var cancel = new CancellationTokenSource();
        var kinds = new List<RecordChangeKind>();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            await foreach (var w in service.Watches.WatchRecordsAsync(alice, display, cancellationToken: cancel.Token))
            {
                kinds.Add(w.Kind);
                received.TrySetResult();
            }
        });
        await watchStarted.Started.WaitAsync(WatchBound);
        var other = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.2.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, alice);
        await received.Task.WaitAsync(WatchBound);
        await cancel.CancelAsync();

        // Cancelling ends the watch the .NET way, wherever it was (waiting or reading): OperationCanceledException.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching.WaitAsync(WatchBound));
        Assert.Equal([RecordChangeKind.Created], kinds);

        using var bound = new CancellationTokenSource(WatchBound);
        var ofRecord = new List<RecordWatchEvent>();
        var position = await store.ReadLastPositionAsync();
        await service.Commands.CancelAsync(record.Id, alice);
        await foreach (var w in service.Watches.WatchRecordAsync(record.Id, alice, display, position, bound.Token))
        {
            ofRecord.Add(w);
        }

        var removal = Assert.Single(ofRecord);
        Assert.Equal(RecordChangeKind.Removed, removal.Kind);
        Assert.Null(removal.Row);
        await Assert.ThrowsAsync<UpgradeRecordNotFoundException>(async () =>
        {
            await foreach (var w in service.Watches.WatchRecordAsync(record.Id, alice, display, cancellationToken: bound.Token))
            {
                Assert.Fail("A removed record has nothing to watch.");
            }
        });
    }

    /// <summary>A logger that completes <see cref="Started"/> when a watch logs that it started (event 1300); it keeps nothing else.</summary>
    private sealed class WatchStartedSignal : ILogger<Dataphin.UpgradeKit.Live.UpgradeWatches>
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1300)
            {
                _started.TrySetResult();
            }
        }
    }
}
