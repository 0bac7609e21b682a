using Dataphin.UpgradeKit.AspNetCore.HealthChecks;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Notifications;
using Dataphin.UpgradeKit.Testing.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools.Delivery;

// Poison isolation through the running dispatcher (R-DLV-3, R-DLV-4): dead letters, the error log, the metric, the health check, redrive.
public abstract partial class NotificationDispatcherScenarios
{
    /// <summary>
    /// A handler that always fails for records A and C: B's stop, committed after A's, is delivered on its signal (no sweep
    /// is due for an hour) while A's still waits for its retries; A's and C's stops are dead-lettered after exactly MaxAttempts attempts, logged at
    /// Error as 1203, counted, and the health check says Degraded; A's later notification waits behind A's dead letter. Once
    /// the cause is fixed, redriving A delivers A's two in order (still Degraded for C), and redriving all delivers C: Healthy.
    /// </summary>
    [StoreFact]
    public async Task Dispatcher_PoisonRecord_HoldsBackOnlyItself_IsDeadLettered_ThenRedriveDelivers_R_DLV_3_R_DLV_4()
    {
        const int maxAttempts = 3;
        var store = await NewStoreAsync();
        var handler = new RecordingNotificationHandler();
        var poisoned = new HashSet<UpgradeRecordId>();
        var fixedCause = false;
        handler.FailWhen = n => !Volatile.Read(ref fixedCause) && poisoned.Contains(n.RecordId);
        var host = NewHost(store, handler, o =>
        {
            o.SweepInterval = NoSweep;
            o.MaxAttempts = maxAttempts;
            // The retries of A take ~0.5–1.4 s in all, so B is delivered while A still waits for one.
            o.BackoffBase = Duration.FromMilliseconds(500);
            o.BackoffCap = Duration.FromMilliseconds(700);
        });
        var health = new NotificationDeliveryHealthCheck(store);
        await host.StartAsync();
        var a = await UpgradingAsync(host.Service);
        var b = await UpgradingAsync(host.Service);
        var c = await UpgradingAsync(host.Service);
        poisoned.Add(a.Id);
        poisoned.Add(c.Id);

        var stoppedA = await StopAsync(host.Service, store, a);
        var stoppedB = await StopAsync(host.Service, store, b);
        await EventuallyAsync(() => handler.Received.Any(n => n.Id == stoppedB.Id), "B's stop reaches the handler");
        Assert.Contains(stoppedA.Id, await PendingIdsAsync(store));

        var laterA = await StoreFurtherNotificationAsync(store, a.Id);
        var stoppedC = await StopAsync(host.Service, store, c);
        await EventuallyAsync(async () => await store.CountDeadLettersAsync() == 2, "A's and C's stops are dead-lettered");

        Assert.Equal(maxAttempts, handler.Attempts.Count(n => n.Id == stoppedA.Id));
        Assert.Equal(Enumerable.Range(1, maxAttempts), handler.Attempts.Where(n => n.Id == stoppedA.Id).Select(n => n.Attempt));
        Assert.DoesNotContain(handler.Attempts, n => n.Id == laterA.Id);
        Assert.Equal([stoppedA.Id, stoppedC.Id], (await host.Service.Delivery.GetDeadLettersAsync()).Select(d => d.Notification.Id));
        Assert.All(await host.Service.Delivery.GetDeadLettersAsync(), d => Assert.Contains("simulated", d.LastError, StringComparison.Ordinal));
        var errors = host.Logger.WithId(1203);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, l => Assert.Equal(LogLevel.Error, l.Level));
        Assert.Contains(errors, l => l.Message.Contains(stoppedA.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal(2, host.Meters.Sum(UpgradeKitDiagnostics.DeadLetteredInstrument));
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(health)).Status);

        Volatile.Write(ref fixedCause, true);
        Assert.True(await host.Service.Delivery.RedriveDeadLetterAsync(stoppedA.Id));

        await EventuallyAsync(() => handler.Received.Any(n => n.Id == laterA.Id), "A's later notification reaches the handler after the redrive");
        Assert.Equal([stoppedA.Id, laterA.Id], handler.Received.Where(n => n.RecordId == a.Id).Select(n => n.Id));
        Assert.Equal(1, handler.Received.Single(n => n.Id == stoppedA.Id).Attempt);
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(health)).Status);

        Assert.Equal(1, await host.Service.Delivery.RedriveAllDeadLettersAsync());
        await EventuallyAsync(() => handler.Received.Any(n => n.Id == stoppedC.Id), "C's stop reaches the handler after redriving all");
        await EventuallyAsync(async () => (await PendingIdsAsync(store)).Count == 0, "everything is marked delivered");
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);
        Assert.Equal(0, await store.CountDeadLettersAsync());
        Assert.Equal(2, host.Meters.Sum(UpgradeKitDiagnostics.DeadLetteredInstrument));
    }

    /// <summary>
    /// A retry the dispatcher scheduled is attempted when it is due even if a signal woke the dispatcher in between for a
    /// round that scheduled no retry of its own (no sweep is due for an hour; only the remembered retry time can explain it).
    /// </summary>
    [StoreFact]
    public async Task Dispatcher_RoundWithoutRetries_StillWakesForARetryScheduledBefore_R_DLV_4()
    {
        var store = await NewStoreAsync();
        var handler = new RecordingNotificationHandler();
        var host = NewHost(store, handler, o =>
        {
            o.SweepInterval = NoSweep;
            o.BackoffBase = Duration.FromSeconds(2);
            o.BackoffCap = Duration.FromSeconds(2);
        });
        await host.StartAsync();
        var a = await UpgradingAsync(host.Service);
        var b = await UpgradingAsync(host.Service);
        handler.FailWhen = n => n.RecordId == a.Id && n.Attempt == 1;

        var stoppedA = await StopAsync(host.Service, store, a);
        await EventuallyAsync(() => handler.Attempts.Any(n => n.Id == stoppedA.Id), "A's first attempt (it fails)");
        // A signal: this round delivers B and schedules nothing.
        var stoppedB = await StopAsync(host.Service, store, b);
        await EventuallyAsync(() => handler.Received.Any(n => n.Id == stoppedB.Id), "B's stop reaches the handler");

        await EventuallyAsync(() => handler.Received.Any(n => n.Id == stoppedA.Id), "A's retry (due within 2 s) reaches the handler");
        Assert.Equal(2, handler.Received.Single(n => n.Id == stoppedA.Id).Attempt);
    }

    /// <summary>
    /// Two retries outstanding at once, on two records: whichever comes due first (A's ends in a dead letter, C's succeeds),
    /// the dispatcher still wakes for the other one. No sweep is due for an hour, so only the remembered retry times can
    /// explain either second attempt; remembering only the earliest lost the other one whenever C failed before A's retry.
    /// </summary>
    [StoreFact]
    public async Task Dispatcher_TwoRetriesOutstanding_WakesForEach_EvenWhenTheFirstIsDeadLettered_R_DLV_4()
    {
        var store = await NewStoreAsync();
        var handler = new RecordingNotificationHandler();
        var host = NewHost(store, handler, o =>
        {
            o.SweepInterval = NoSweep;
            o.MaxAttempts = 2;
            o.BackoffBase = Duration.FromSeconds(3);
            o.BackoffCap = Duration.FromSeconds(3);
        });
        await host.StartAsync();
        var a = await UpgradingAsync(host.Service);
        var c = await UpgradingAsync(host.Service);
        handler.FailWhen = n => n.RecordId == a.Id || (n.RecordId == c.Id && n.Attempt == 1);

        var stoppedA = await StopAsync(host.Service, store, a);
        await EventuallyAsync(() => handler.Attempts.Any(n => n.Id == stoppedA.Id), "A's first attempt (it fails)");
        var stoppedC = await StopAsync(host.Service, store, c);
        await EventuallyAsync(() => handler.Attempts.Any(n => n.Id == stoppedC.Id), "C's first attempt (it fails)");

        await EventuallyAsync(async () => await store.CountDeadLettersAsync() == 1, "A's stop is dead-lettered after its second attempt");
        await EventuallyAsync(() => handler.Received.Any(n => n.Id == stoppedC.Id), "C's retry reaches the handler");
        Assert.Equal([1, 2], handler.Attempts.Where(n => n.Id == stoppedA.Id).Select(n => n.Attempt));
        Assert.Equal(2, handler.Received.Single(n => n.Id == stoppedC.Id).Attempt);
    }

    private static Task<HealthCheckResult> CheckAsync(NotificationDeliveryHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("upgradekit-delivery", check, HealthStatus.Unhealthy, null) });
}
