using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Testing.Notifications;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Testing.HostTools.Delivery;

// The dispatcher as the host runs it (R-DLV-1): the signal, the sweep, a graceful stop, turned off.
public abstract partial class NotificationDispatcherScenarios
{
    /// <summary>So long that no sweep can happen during a test: only the signal can explain a delivery.</summary>
    private static readonly Duration NoSweep = Duration.FromHours(1);

    /// <summary>A change committed while the host runs is handed to the handler on the service's signal, with no sweep due for an hour.</summary>
    [StoreFact]
    public async Task Dispatcher_NewNotification_ReachesTheHandlerOnTheSignal_WithoutWaitingForTheSweep_R_DLV_1()
    {
        var store = await NewStoreAsync();
        var handler = new RecordingNotificationHandler();
        var host = NewHost(store, handler, o => o.SweepInterval = NoSweep);
        await host.StartAsync();
        await EventuallyAsync(() => host.Logger.WithId(1200).Count == 1, "the dispatcher logs that it started");

        // Two in a row: the second commit comes after the first delivery, when the dispatcher waits for its signal.
        foreach (var round in new[] { 1, 2 })
        {
            var record = await UpgradingAsync(host.Service);
            var stopped = await StopAsync(host.Service, store, record);

            await EventuallyAsync(() => handler.Received.Any(n => n.Id == stopped.Id), $"stop {round} reaches the handler");
            await EventuallyAsync(async () => !(await PendingIdsAsync(store)).Contains(stopped.Id), $"stop {round} is marked delivered");
            Assert.Equal(1, handler.Received.Single(n => n.Id == stopped.Id).Attempt);
        }

        Assert.Equal(2, handler.Attempts.Count);
    }

    /// <summary>What was stored before the host started (here by another service on the store, with no dispatcher) is delivered when the dispatcher starts.</summary>
    [StoreFact]
    public async Task Dispatcher_PendingBeforeTheHostStarted_IsDeliveredWhenItStarts_R_DLV_1()
    {
        var store = await NewStoreAsync();
        var earlier = new UpgradeKitFeatures(store, SystemClock.Instance);
        var stopped = await StopAsync(earlier, store, await UpgradingAsync(earlier));
        var handler = new RecordingNotificationHandler();
        var host = NewHost(store, handler, o => o.SweepInterval = NoSweep);

        await host.StartAsync();

        await EventuallyAsync(() => handler.Received.Count == 1, "the pending stop reaches the handler");
        Assert.Equal(stopped.Id, handler.Received[0].Id);
        await EventuallyAsync(async () => (await PendingIdsAsync(store)).Count == 0, "the stop is marked delivered");
    }

    /// <summary>A notification no signal announced (another instance's change) is delivered by the sweep.</summary>
    [StoreFact]
    public async Task Dispatcher_ChangeOfAnotherInstance_IsDeliveredByTheSweep_R_DLV_1()
    {
        var store = await NewStoreAsync();
        var handler = new RecordingNotificationHandler();
        var host = NewHost(store, handler, o => o.SweepInterval = Duration.FromMilliseconds(200));
        await host.StartAsync();
        await EventuallyAsync(() => host.Logger.WithId(1200).Count == 1, "the dispatcher logs that it started");

        // Its commit sets the other service's signal, not this host's.
        var other = new UpgradeKitFeatures(store, SystemClock.Instance);
        var stopped = await StopAsync(other, store, await UpgradingAsync(other));

        await EventuallyAsync(() => handler.Received.Any(n => n.Id == stopped.Id), "the sweep hands the stop to the handler");
        await EventuallyAsync(async () => (await PendingIdsAsync(store)).Count == 0, "the stop is marked delivered");
    }

    /// <summary>
    /// The host stops while a handler runs: StopAsync returns without the host's shutdown token ever firing (it has no
    /// timeout here, so a dispatcher that waited for it would never return), the handler's token is cancelled, nothing is
    /// marked delivered, and the next host delivers the same notification (its next attempt).
    /// </summary>
    [StoreFact]
    public async Task Dispatcher_HostStopsDuringAHandler_CancelsIt_MarksNothing_AndTheNextHostDelivers_R_DLV_1()
    {
        var store = await NewStoreAsync();
        var blocking = new BlockingHandler();
        var host = NewHost(store, blocking, o => o.SweepInterval = NoSweep);
        await host.StartAsync();
        var stopped = await StopAsync(host.Service, store, await UpgradingAsync(host.Service));
        await blocking.Entered.Task.WaitAsync(Deadline);

        await host.StopAsync(shutdownTimeout: Timeout.InfiniteTimeSpan).WaitAsync(Deadline);

        Assert.True(blocking.WasCancelled);
        Assert.Contains(stopped.Id, await PendingIdsAsync(store));
        Assert.Single(host.Logger.WithId(1201));

        var handler = new RecordingNotificationHandler();
        var next = NewHost(store, handler, o => o.SweepInterval = NoSweep);
        await next.StartAsync();
        await EventuallyAsync(() => handler.Received.Count == 1, "the next host delivers the stop");
        Assert.Equal(stopped.Id, handler.Received[0].Id);
        Assert.Equal(2, handler.Received[0].Attempt);
        await EventuallyAsync(async () => (await PendingIdsAsync(store)).Count == 0, "the stop is marked delivered");
    }

    /// <summary>Turned off by options, the registered dispatcher delivers nothing; the host's own call does.</summary>
    [StoreFact]
    public async Task Dispatcher_TurnedOff_DeliversNothing_UntilTheHostCallsDeliverPending_R_DLV_1()
    {
        var store = await NewStoreAsync();
        var handler = new RecordingNotificationHandler();
        var host = NewHost(store, handler, o =>
        {
            o.DispatcherEnabled = false;
            o.SweepInterval = Duration.FromMilliseconds(50);
        });
        await host.StartAsync();
        Assert.Single(host.Dispatchers);
        var stopped = await StopAsync(host.Service, store, await UpgradingAsync(host.Service));

        // The registered dispatcher's work is over (it returned at once): nothing can deliver from now on, signal or sweep.
        await host.DispatcherEnded.WaitAsync(Deadline);

        Assert.Empty(handler.Attempts);
        Assert.Empty(host.Logger.WithId(1200));
        Assert.Contains(stopped.Id, await PendingIdsAsync(store));
        Assert.Equal(1, await host.Service.Delivery.DeliverPendingNotificationsAsync());
        Assert.Equal(stopped.Id, Assert.Single(handler.Received).Id);
        Assert.Empty(await PendingIdsAsync(store));
    }

    /// <summary>A handler that waits until its token is cancelled.</summary>
    private sealed class BlockingHandler : IUpgradeNotificationHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool WasCancelled { get; private set; }

        public async Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                WasCancelled = true;
                throw;
            }
        }
    }
}
