using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Delivery;

/// <summary>
/// The dispatcher under faults, deterministically (R-DLV-1…5): the real hosted dispatcher and delivery engine on a fake
/// clock with hand-driven waits and a fixed jitter, over a store that fails claims, mark-delivered writes and failure
/// writes on request. Each path is asserted on the handler's calls (ids, attempts, order, times), the log (event ids and
/// levels), the delivery metrics and what the store holds. Partial files by aspect: store faults here, retries,
/// leases and stops, order and identity.
/// </summary>
public sealed partial class NotificationDispatcherFaultTests
{
    /// <summary>
    /// The store fails the claim: nothing is handed over and no attempt is spent; the failure is logged at Error (1205)
    /// and the dispatcher waits one sweep interval, after which it delivers the notification as attempt 1.
    /// </summary>
    [Fact]
    public async Task Dispatcher_ClaimFails_LogsIt_AndDeliversOnTheNextSweep_AtAttemptOne_R_DLV_1()
    {
        await using var rig = new DispatcherRig(o => o.SweepInterval = Duration.FromSeconds(30));
        var stopped = await rig.StoppedAsync("V5.1.0");
        rig.Store.FailClaims = 1;

        var first = await rig.StartAsync();

        Assert.Equal(Duration.FromSeconds(30), first.Timeout);
        Assert.Empty(rig.Handler.Calls);
        var failed = Assert.Single(rig.Logger.WithId(1205));
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.IsType<UpgradeStoreException>(failed.Exception);
        Assert.Equal(0, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument));

        var second = await rig.Time.ElapseAsync(first);

        Assert.Equal([(stopped.Id, 1)], rig.Handler.Seen);
        Assert.Empty(await rig.PendingAsync());
        Assert.Equal(Duration.FromSeconds(30), second.Timeout);
        Assert.Equal(LogLevel.Debug, Assert.Single(rig.Logger.WithId(1006)).Level);
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveredInstrument));
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument, "outcome", "delivered"));
        Assert.Single(rig.Logger.WithId(1205));
    }

    /// <summary>
    /// The store fails the mark-delivered write after the handler accepted (a lost completion): logged (1207, Warning),
    /// counted neither delivered nor as an attempt; the dispatcher wakes when the lease expires (not a sweep later) and
    /// hands the same notification id over again as attempt 2, which R-DLV-5 lets the handler recognise. Failed on the old
    /// code: it waited for the sweep (an hour here) before the redelivery.
    /// </summary>
    [Fact]
    public async Task Dispatcher_CompleteFails_RedeliversTheSameIdAsTheNextAttempt_WhenTheLeaseExpires_R_DLV_2_R_DLV_5()
    {
        await using var rig = new DispatcherRig();
        var stopped = await rig.StoppedAsync("V5.1.0");
        rig.Store.FailCompletions = 1;

        var first = await rig.StartAsync();

        Assert.Equal([(stopped.Id, 1)], rig.Handler.Seen);
        Assert.Equal(rig.Options.LeaseDuration, first.Timeout);
        Assert.Equal(LogLevel.Warning, Assert.Single(rig.Logger.WithId(1207)).Level);
        Assert.Equal([stopped.Id], await rig.PendingAsync());
        Assert.Equal(0, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveredInstrument));
        Assert.Equal(0, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument));

        var second = await rig.Time.ElapseAsync(first);

        Assert.Equal([(stopped.Id, 1), (stopped.Id, 2)], rig.Handler.Seen);
        Assert.Empty(await rig.PendingAsync());
        Assert.Equal(rig.Options.SweepInterval, second.Timeout);
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveredInstrument));
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument, "outcome", "delivered"));
        Assert.Empty(rig.Logger.WithId(1203));
    }

    /// <summary>
    /// The handler fails and the store fails the write of its retry: the fault is logged with the notification's id and
    /// attempt (1230, Warning; no 1202, no failed-attempt count, since nothing was recorded), and the dispatcher takes
    /// the notification up again when its lease expires, as attempt 2. Failed on the old code: it logged 1205 without the
    /// notification, and woke at the unrecorded retry time, found the notification still leased and slept a whole sweep.
    /// </summary>
    [Fact]
    public async Task Dispatcher_RetryWriteFails_LogsTheNotification_AndTakesItUpWhenItsLeaseExpires_R_DLV_4()
    {
        await using var rig = new DispatcherRig();
        var stopped = await rig.StoppedAsync("V5.1.0");
        rig.Handler.Behaviour = (n, _) => n.Attempt == 1 ? ScriptedHandler.Fail() : Task.CompletedTask;
        rig.Store.FailOutcomes = 1;

        var first = await rig.StartAsync();

        Assert.Equal([(stopped.Id, 1)], rig.Handler.Seen);
        var notRecorded = Assert.Single(rig.Logger.WithId(1230));
        Assert.Equal(LogLevel.Warning, notRecorded.Level);
        Assert.Contains(stopped.Id.ToString(), notRecorded.Message, StringComparison.Ordinal);
        Assert.Contains("retry", notRecorded.Message, StringComparison.Ordinal);
        Assert.IsType<UpgradeStoreException>(notRecorded.Exception);
        Assert.Empty(rig.Logger.WithId(1202));
        Assert.Empty(rig.Logger.WithId(1205));
        Assert.Equal(0, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument));
        Assert.Equal(rig.Options.LeaseDuration, first.Timeout);

        var second = await rig.Time.ElapseAsync(first);

        Assert.Equal([(stopped.Id, 1), (stopped.Id, 2)], rig.Handler.Seen);
        Assert.Empty(await rig.PendingAsync());
        Assert.Equal(rig.Options.SweepInterval, second.Timeout);
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveredInstrument));
    }

    /// <summary>
    /// The last attempt fails and the store fails the dead-letter write: logged (1230) and nothing else; when the lease
    /// expires the notification comes back past its attempts and is dead-lettered without another hand-over (1203 at
    /// Error, counted), so the handler saw it once and it is kept, never dropped.
    /// </summary>
    [Fact]
    public async Task Dispatcher_DeadLetterWriteFails_ComesBackWhenTheLeaseExpires_AndIsDeadLetteredWithoutAnotherHandOver_R_DLV_4()
    {
        await using var rig = new DispatcherRig(o => o.MaxAttempts = 1);
        var stopped = await rig.StoppedAsync("V5.1.0");
        rig.Handler.Behaviour = (_, _) => ScriptedHandler.Fail();
        rig.Store.FailOutcomes = 1;

        var first = await rig.StartAsync();

        Assert.Contains("dead letter", Assert.Single(rig.Logger.WithId(1230)).Message, StringComparison.Ordinal);
        Assert.Empty(rig.Logger.WithId(1203));
        Assert.Equal(0, await rig.Service.Delivery.CountDeadLettersAsync());
        Assert.Equal(rig.Options.LeaseDuration, first.Timeout);

        var second = await rig.Time.ElapseAsync(first);

        Assert.Equal([(stopped.Id, 1)], rig.Handler.Seen);
        var dead = Assert.Single(await rig.Service.Delivery.GetDeadLettersAsync());
        Assert.Equal(stopped.Id, dead.Notification.Id);
        Assert.Equal("1 attempts ended without an outcome", dead.LastError);
        Assert.Equal(LogLevel.Error, Assert.Single(rig.Logger.WithId(1203)).Level);
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeadLetteredInstrument));
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument, "outcome", "dead_lettered"));
        Assert.Equal(rig.Options.SweepInterval, second.Timeout);
    }

    /// <summary>
    /// Every attempt ended without an outcome (instances that crashed between the hand-over and the outcome, played here
    /// by claims that never complete): the next claim finds the attempts spent and dead-letters the notification without
    /// handing it over (1203 at Error, no exception, counted), naming how many attempts ended so.
    /// </summary>
    [Fact]
    public async Task Dispatcher_AttemptsSpentWithoutOutcome_DeadLettersWithoutHandingOver_R_DLV_4()
    {
        await using var rig = new DispatcherRig(o => o.MaxAttempts = 2);
        var stopped = await rig.StoppedAsync("V5.1.0");
        for (var crashed = 0; crashed < 2; crashed++)
        {
            var now = rig.Clock.GetCurrentInstant();
            Assert.Single(await rig.Store.ClaimAsync(Guid.NewGuid(), 10, now, now + rig.Options.LeaseDuration));
            rig.Clock.Advance(rig.Options.LeaseDuration);
        }

        await rig.StartAsync();

        Assert.Empty(rig.Handler.Calls);
        var dead = Assert.Single(await rig.Service.Delivery.GetDeadLettersAsync());
        Assert.Equal((stopped.Id, 3), (dead.Notification.Id, dead.Notification.Attempt));
        Assert.Equal("2 attempts ended without an outcome", dead.LastError);
        var error = Assert.Single(rig.Logger.WithId(1203));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Null(error.Exception);
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeadLetteredInstrument));
        Assert.Equal(0, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveredInstrument));
    }
}
