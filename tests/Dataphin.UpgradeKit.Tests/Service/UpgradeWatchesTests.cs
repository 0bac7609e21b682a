using System.Globalization;
using System.Threading.Channels;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools.Delivery;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Service;

/// <summary>
/// Watches over a store that fails for a while (issue 24 D1, D4): positions out of range are typed errors, a watch
/// resumes by itself after transient store errors from its last position (no gap, no duplicate), and cancellation ends it
/// with <see cref="OperationCanceledException"/> wherever it was. Waits run on a fake time provider that the test
/// advances, so nothing sleeps.
/// </summary>
public sealed class UpgradeWatchesTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0);
    private static readonly OperatorIdentity Alice = new("alice");
    private static readonly DisplayContext Display = new(DateTimeZone.Utc, CultureInfo.InvariantCulture);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CheckWatchPosition_LongMaxValue_R_LIVE_2_ThrowsArgumentOutOfRangeNotOverflow()
    {
        var (service, _, _, _) = await NewAsync();

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.Watches.CheckWatchPositionAsync(long.MaxValue));
        Assert.Equal("afterPosition", refused.ParamName);
    }

    [Fact]
    public async Task Watch_ResumedFromLongMaxValue_R_LIVE_2_ThrowsArgumentOutOfRangeNotOverflow()
    {
        var (service, _, _, record) = await NewAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var _ in service.Watches.WatchRecordsAsync(Alice, Display, long.MaxValue))
            {
                Assert.Fail("Nothing follows a position the feed never reached.");
            }
        });
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var _ in service.Watches.WatchRecordAsync(record.Id, Alice, Display, long.MaxValue))
            {
                Assert.Fail("Nothing follows a position the feed never reached.");
            }
        });
    }

    [Fact]
    public async Task CheckWatchPosition_PastTheLastPosition_R_LIVE_2_RefusedButTheLastPositionIsValid()
    {
        var (service, _, _, _) = await NewAsync();
        var last = await service.Watches.GetWatchPositionAsync();

        await service.Watches.CheckWatchPositionAsync(last);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.Watches.CheckWatchPositionAsync(last + 1));
    }

    [Fact]
    public void WatchRetryDelay_Failures_R_LIVE_2_DoublesFrom250MillisecondsUpTo30Seconds()
    {
        var delays = Enumerable.Range(1, 12).Select(UpgradeWatches.WatchRetryDelay).ToList();

        Assert.Equal(
            [0.25, 0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30, 30],
            delays.Select(d => d.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), UpgradeWatches.WatchRetryDelay(int.MaxValue));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Watch_StoreReadsFailThenRecover_R_LIVE_2_ResumesFromLastPositionWithGrowingWaitsAndOneOutageLog(bool oneRecord)
    {
        var (service, store, time, record) = await NewAsync();
        Assert.True(Loggers.TryGetValue(service, out var logger));
        var faults = new Faults(store);
        using var bound = new CancellationTokenSource(Bound);
        var from = await service.Watches.GetWatchPositionAsync();
        var watch = oneRecord
            ? service.Watches.WatchRecordAsync(record.Id, Alice, Display, from, bound.Token)
            : service.Watches.WatchRecordsAsync(Alice, Display, from, bound.Token);
        await using var items = watch.GetAsyncEnumerator(bound.Token);

        var first = items.MoveNextAsync().AsTask();
        Assert.Equal(UpgradeWatches.WatchPollInterval, await time.NextTimerAsync(bound.Token));
        faults.Fail(nameof(IUpgradeStore.ReadChangesAsync), 3);
        await service.HostReports.StartAsync(record.Id);

        // Three failed reads: waits of 250 ms, 500 ms and 1 s, then the read succeeds and the change arrives.
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var wait = await time.NextTimerAsync(bound.Token);
            waits.Add(wait);
            time.Advance(wait);
        }

        Assert.True(await first);
        Assert.Equal([TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)], waits);
        Assert.Equal(from + 1, items.Current.Position);
        Assert.Equal(RecordChangeKind.Updated, items.Current.Kind);
        Assert.Equal(UpgradeStatus.Upgrading, items.Current.Row!.Status.Code);

        // The next change follows once, right after it.
        var second = items.MoveNextAsync().AsTask();
        await service.HostReports.MarkStepsCompletedAsync(record.Id);
        Assert.True(await second);
        Assert.Equal(from + 2, items.Current.Position);

        var outage = Assert.Single(logger.WithId(1310));
        Assert.IsType<UpgradeStoreException>(outage.Exception);
        var resumed = Assert.Single(logger.WithId(1311));
        Assert.Contains("after 3 failed reads", resumed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_BacklogOverSeveralBatchesWithFailuresMidBatch_R_LIVE_2_YieldsEveryChangeOnceInOrder()
    {
        var (service, store, time, _) = await NewAsync();
        var faults = new Faults(store);
        var from = await service.Watches.GetWatchPositionAsync();
        for (var i = 0; i < 150; i++)
        {
            await service.Commands.CreateAsync(Request(), Alice);
        }

        // The 10th, 70th and 140th record reads of the watch fail: inside the first batch of 64, inside the second, and
        // inside the third; each time the rest of the batch is read again from the last change yielded.
        faults.FailCalls(nameof(IUpgradeStore.FindAsync), 10, 70, 140);
        using var bound = new CancellationTokenSource(Bound);
        using var advancing = time.AdvanceEveryWaitBut(UpgradeWatches.WatchPollInterval, bound.Token);
        var positions = new List<long>();
        await foreach (var item in service.Watches.WatchRecordsAsync(Alice, Display, from, bound.Token))
        {
            positions.Add(item.Position);
            if (positions.Count == 150)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 150).Select(i => from + i), positions);
        Assert.Equal(3, faults.Failed);
    }

    [Fact]
    public async Task Watch_CancelledWhileWaitingForAChange_R_LIVE_1_ThrowsOperationCanceledWithTheToken()
    {
        var (service, _, time, _) = await NewAsync();
        using var cancel = new CancellationTokenSource();
        await using var items = service.Watches.WatchRecordsAsync(Alice, Display, cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);

        var next = items.MoveNextAsync().AsTask();
        Assert.Equal(UpgradeWatches.WatchPollInterval, await time.NextTimerAsync(CancellationToken.None).WaitAsync(Bound));
        await cancel.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        Assert.Equal(cancel.Token, cancelled.CancellationToken);
    }

    [Fact]
    public async Task Watch_CancelledWhileReadingOrWaitingToRetry_R_LIVE_1_ThrowsOperationCanceledAlike()
    {
        var (service, store, time, record) = await NewAsync();

        // During a read: the store sees the token cancelled and throws, as a database driver does.
        using var duringRead = new CancellationTokenSource();
        store.AfterCall = member =>
        {
            if (member == nameof(IUpgradeStore.ReadChangesAsync))
            {
                duringRead.Cancel();
                duringRead.Token.ThrowIfCancellationRequested();
            }
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in service.Watches.WatchRecordsAsync(Alice, Display, cancellationToken: duringRead.Token))
            {
                Assert.Fail("Nothing was committed.");
            }
        }).WaitAsync(Bound);

        // While waiting to read again after a failed read.
        store.AfterCall = null;
        var faults = new Faults(store);
        faults.Fail(nameof(IUpgradeStore.ReadChangesAsync), int.MaxValue);
        using var duringBackoff = new CancellationTokenSource();
        await using var items = service.Watches.WatchRecordAsync(record.Id, Alice, Display, cancellationToken: duringBackoff.Token).GetAsyncEnumerator(duringBackoff.Token);
        Assert.True(await items.MoveNextAsync().AsTask().WaitAsync(Bound));
        Assert.Equal(RecordChangeKind.Snapshot, items.Current.Kind);
        var next = items.MoveNextAsync().AsTask();
        Assert.Equal(TimeSpan.FromMilliseconds(250), await time.NextTimerAsync(CancellationToken.None).WaitAsync(Bound));
        await duringBackoff.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        Assert.Equal(duringBackoff.Token, cancelled.CancellationToken);
    }

    [Fact]
    public async Task Watch_SchemaOfAnotherVersionMidWatch_R_LIVE_2_EndsWithTheError()
    {
        var (service, store, time, record) = await NewAsync();
        using var bound = new CancellationTokenSource(Bound);
        await using var items = service.Watches.WatchRecordsAsync(Alice, Display, cancellationToken: bound.Token).GetAsyncEnumerator(bound.Token);
        var next = items.MoveNextAsync().AsTask();
        Assert.Equal(UpgradeWatches.WatchPollInterval, await time.NextTimerAsync(bound.Token));
        store.AfterCall = member =>
        {
            if (member == nameof(IUpgradeStore.ReadChangesAsync))
            {
                throw new SchemaVersionMismatchException("test", 2, 3);
            }
        };

        await service.HostReports.StartAsync(record.Id);

        await Assert.ThrowsAsync<SchemaVersionMismatchException>(() => next);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<UpgradeKitFeatures, CapturingLogger> Loggers = [];

    private static NewUpgradeRequest Request() => new NewUpgradeRequest
    {
        TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    };

    private static async Task<(UpgradeKitFeatures Service, FaultInjectingStore Store, RecordingTimeProvider Time, UpgradeRecord Record)> NewAsync()
    {
        var store = new FaultInjectingStore(new InMemoryUpgradeStore());
        var time = new RecordingTimeProvider();
        var logger = new CapturingLogger();
        var service = new UpgradeKitFeatures(store, new FakeClock(T0), logger: logger) { Watches = { WatchTime = time } };
        Loggers.Add(service, logger);
        var record = await service.Commands.CreateAsync(Request(), Alice);
        return (service, store, time, record);
    }

    /// <summary>Makes chosen calls of the store throw a store error after they returned (reads only, so nothing changes).</summary>
    private sealed class Faults
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, int> _remaining = [];
        private readonly Dictionary<string, HashSet<int>> _calls = [];
        private readonly Dictionary<string, int> _counts = [];

        public Faults(FaultInjectingStore store) => store.AfterCall = OnCall;

        public int Failed { get; private set; }

        public void Fail(string member, int times)
        {
            lock (_gate)
            {
                _remaining[member] = times;
            }
        }

        public void FailCalls(string member, params int[] calls)
        {
            lock (_gate)
            {
                _calls[member] = [.. calls];
                _counts[member] = 0;
            }
        }

        private void OnCall(string member)
        {
            lock (_gate)
            {
                var fail = false;
                if (_remaining.TryGetValue(member, out var left) && left > 0)
                {
                    _remaining[member] = left - 1;
                    fail = true;
                }

                if (_calls.TryGetValue(member, out var calls))
                {
                    var count = _counts[member] = _counts[member] + 1;
                    fail |= calls.Contains(count);
                }

                if (!fail)
                {
                    return;
                }

                Failed++;
            }

            throw new UpgradeStoreException("Injected: the database is restarting.");
        }
    }

    internal sealed class Stopper(CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }

    /// <summary>A fake time provider that tells the test the due time of every timer created, in order.</summary>
    private sealed class RecordingTimeProvider : FakeTimeProvider
    {
        private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _created.Writer.TryWrite(dueTime);
            return timer;
        }

        public async Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) =>
            await _created.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);

        /// <summary>Until disposed: each timer created with another due time than <paramref name="except"/> is run out at once.</summary>
        public Stopper AdvanceEveryWaitBut(TimeSpan except, CancellationToken cancellationToken)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var due = await NextTimerAsync(stop.Token).ConfigureAwait(false);
                        if (due != except)
                        {
                            Advance(due);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // Stopped.
                }
            }, CancellationToken.None);
            return new Stopper(stop);
        }
    }
}
