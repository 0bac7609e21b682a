using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Testing.Notifications;
using Microsoft.Extensions.Logging;
using NodaTime;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Delivery;

// Leases, stops and a missing handler (R-DLV-1…3).
public sealed partial class NotificationDispatcherFaultTests
{
    /// <summary>
    /// A batch of three whose first handler runs until the lease is over: the other two are not handed over (1220 at
    /// Warning, "2 of 3"), the first is still marked delivered, and the next claim, at once, delivers the other two in
    /// store order as attempt 2.
    /// </summary>
    [Fact]
    public async Task Dispatcher_LeaseRunsOutMidBatch_HandsOverNoMore_AndTheNextClaimDeliversTheRestInOrder_R_DLV_3()
    {
        await using var rig = new DispatcherRig();
        var a = await rig.StoppedAsync("V5.1.0");
        var b = await rig.StoppedAsync("V5.2.0");
        var c = await rig.StoppedAsync("V5.3.0");
        rig.Handler.Behaviour = (n, _) =>
        {
            if (n.Id == a.Id)
            {
                rig.Clock.Advance(rig.Options.LeaseDuration);
            }

            return Task.CompletedTask;
        };

        var wait = await rig.StartAsync();

        Assert.Equal([(a.Id, 1), (b.Id, 2), (c.Id, 2)], rig.Handler.Seen);
        var ranOut = Assert.Single(rig.Logger.WithId(1220));
        Assert.Equal(LogLevel.Warning, ranOut.Level);
        Assert.StartsWith("2 of 3 claimed notifications were not handed over", ranOut.Message, StringComparison.Ordinal);
        Assert.Empty(await rig.PendingAsync());
        Assert.Equal(3, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveredInstrument));
        Assert.Empty(rig.Logger.WithId(1204));
        Assert.Equal(rig.Options.SweepInterval, wait.Timeout);
    }

    /// <summary>
    /// The host stops while the second of a batch of three is handled (A accepted, B's handler waits on its token, C not
    /// handed over yet; A has a later notification): B's handler sees the stop, B and C are released, nothing but A is
    /// marked delivered, the dispatcher logs its stop (1201) and no failure; the next start delivers B, C and then A's
    /// later one, each record in order. A claim counts an attempt, so B and C come back as attempt 2.
    /// </summary>
    [Fact]
    public async Task Dispatcher_HostStopsMidBatch_MarksOnlyWhatWasHandled_AndTheNextStartDeliversTheRestInOrder_R_DLV_1_R_DLV_3()
    {
        await using var rig = new DispatcherRig();
        var a = await rig.StoppedAsync("V5.1.0");
        var b = await rig.StoppedAsync("V5.2.0");
        var c = await rig.StoppedAsync("V5.3.0");
        var laterA = await rig.FurtherAsync(a);
        var bEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bCancelled = false;
        rig.Handler.Behaviour = async (n, token) =>
        {
            if (n.Id == b.Id && n.Attempt == 1)
            {
                bEntered.SetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    bCancelled = true;
                    throw;
                }
            }
        };
        var dispatcher = new Dataphin.UpgradeKit.Delivery.NotificationDispatcher(rig.Service.Delivery, rig.Clock, rig.Logger, rig.Time.WaitAsync);
        await dispatcher.StartAsync(CancellationToken.None);
        await bEntered.Task.WaitAsync(SteppedDispatcherTime.Ceiling);

        await dispatcher.StopAsync(CancellationToken.None).WaitAsync(SteppedDispatcherTime.Ceiling);
        dispatcher.Dispose();

        Assert.True(bCancelled);
        Assert.Equal([(a.Id, 1), (b.Id, 1)], rig.Handler.Seen);
        Assert.Equal([b.Id, c.Id, laterA.Id], await rig.PendingAsync());
        Assert.Equal([b.Id, c.Id], rig.Store.OutcomeWrites.Select(w => w.NotificationId));
        Assert.All(rig.Store.OutcomeWrites, w => Assert.Equal((rig.Clock.GetCurrentInstant(), "not attempted: the host was stopping"), (w.RetryAt!.Value, w.LastError)));
        Assert.Single(rig.Logger.WithId(1201));
        Assert.DoesNotContain(rig.Logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveredInstrument));
        Assert.Equal(0, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument, "outcome", "failed"));

        await rig.StartAsync();

        Assert.Equal([(a.Id, 1), (b.Id, 1), (b.Id, 2), (c.Id, 2), (laterA.Id, 1)], rig.Handler.Seen);
        Assert.Empty(await rig.PendingAsync());
    }

    /// <summary>
    /// Without a handler the dispatcher claims nothing and loses nothing: it says so once (1008 at Warning) however many
    /// sweeps pass, spends no attempt, and a later host with a handler delivers the notification as attempt 1.
    /// </summary>
    [Fact]
    public async Task Dispatcher_NoHandler_LogsItOnce_ClaimsNothing_AndALaterHostDeliversAtAttemptOne()
    {
        await using var rig = new DispatcherRig(withHandler: false);
        var stopped = await rig.StoppedAsync("V5.1.0");

        var wait = await rig.StartAsync();
        wait = await rig.Time.ElapseAsync(wait);
        await rig.Time.ElapseAsync(wait);

        var warning = Assert.Single(rig.Logger.WithId(1008));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(stopped.Id.ToString(), warning.Message, StringComparison.Ordinal);
        Assert.Equal([stopped.Id], await rig.PendingAsync());
        Assert.Equal(0, await rig.Service.Delivery.DeliverPendingNotificationsAsync());
        Assert.Equal(0, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument));

        var handler = new RecordingNotificationHandler();
        var later = new UpgradeKitFeatures(rig.Store, rig.Clock, notificationHandler: handler);
        Assert.Equal(1, await later.Delivery.DeliverPendingNotificationsAsync());
        Assert.Equal((stopped.Id, 1), (Assert.Single(handler.Received).Id, handler.Received[0].Attempt));
    }
}
