using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Internal;
using Microsoft.Extensions.Logging;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Delivery;

// Retries (R-DLV-4): the backoff itself, the time budget, and a handler's own cancellation.
public sealed partial class NotificationDispatcherFaultTests
{
    /// <summary>
    /// A handler that always fails, with the jitter fixed at 0.75: retry n is due 0.75 × min(cap, base·2ⁿ⁻¹) after
    /// attempt n (1 s base, 5 s cap: 0.75, 1.5, 3, 3.75, 3.75 s), the dispatcher waits exactly until each one (no sweep
    /// is due for an hour), the store holds exactly those retry times, and the sixth attempt (MaxAttempts) is
    /// dead-lettered: five 1202 at Warning, one 1203 at Error, counted by outcome.
    /// </summary>
    [Fact]
    public async Task Dispatcher_Backoff_IsExponentialWithJitter_BoundedByTheCap_R_DLV_4()
    {
        await using var rig = new DispatcherRig(o =>
        {
            o.MaxAttempts = 6;
            o.BackoffBase = Duration.FromSeconds(1);
            o.BackoffCap = Duration.FromSeconds(5);
        }, jitter: 0.75);
        var stopped = await rig.StoppedAsync("V5.1.0");
        rig.Handler.Behaviour = (_, _) => ScriptedHandler.Fail();
        Duration[] expected = [Duration.FromMilliseconds(750), Duration.FromMilliseconds(1500), Duration.FromSeconds(3), Duration.FromMilliseconds(3750), Duration.FromMilliseconds(3750)];

        var waits = new List<DispatcherWaitStep> { await rig.StartAsync() };
        for (var retry = 0; retry < expected.Length; retry++)
        {
            waits.Add(await rig.Time.ElapseAsync(waits[^1]));
        }

        Assert.Equal([.. expected, rig.Options.SweepInterval], waits.Select(w => w.Timeout));
        var at = new List<Instant> { waits[0].Since };
        foreach (var delay in expected)
        {
            at.Add(at[^1] + delay);
        }

        Assert.Equal(at, rig.Handler.Calls.Select(c => c.At));
        Assert.Equal(Enumerable.Range(1, 6), rig.Handler.Calls.Select(c => c.Notification.Attempt));
        Assert.All(rig.Handler.Calls, c => Assert.Equal(stopped.Id, c.Notification.Id));
        Assert.Equal(at.Skip(1).Select(i => (Instant?)i), rig.Store.OutcomeWrites.Take(5).Select(w => w.RetryAt));
        Assert.Null(rig.Store.OutcomeWrites[5].RetryAt);
        var retries = rig.Logger.WithId(1202);
        Assert.Equal(5, retries.Count);
        Assert.All(retries, l => Assert.Equal(LogLevel.Warning, l.Level));
        Assert.Equal(LogLevel.Error, Assert.Single(rig.Logger.WithId(1203)).Level);
        Assert.Equal(5, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument, "outcome", "failed"));
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument, "outcome", "dead_lettered"));
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeadLetteredInstrument));
        Assert.Equal("6 attempts failed; last: System.InvalidOperationException: The host could not act on the notification (simulated).",
            Assert.Single(await rig.Service.Delivery.GetDeadLettersAsync()).LastError);
    }

    /// <summary>
    /// The delay after attempt n is the jitter's share of min(cap, base·2ⁿ⁻¹): never negative, never above the cap, exact
    /// for every attempt up to 1,000 (doubling stops at the cap, so nothing overflows).
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999999)]
    public void Backoff_Delay_IsTheJittersShareOfTheCappedDoubling_R_DLV_4(double jitter)
    {
        var @base = Duration.FromMilliseconds(300);
        var cap = Duration.FromMinutes(5);
        for (var attempt = 1; attempt <= 1000; attempt++)
        {
            var ceiling = attempt >= 20 ? cap : Duration.Min(cap, @base * Math.Pow(2, attempt - 1));
            var delay = Backoff.Delay(attempt, @base, cap, jitter);

            Assert.Equal(Duration.FromTicks((long)(ceiling.BclCompatibleTicks * jitter)), delay);
            Assert.InRange(delay, Duration.Zero, cap);
        }
    }

    /// <summary>
    /// With attempts to spare, a notification that fails for MaxAge after its first attempt is dead-lettered at the first
    /// failure from then on (1203 at Error with the handler's exception; its last error says why and what failed).
    /// </summary>
    [Fact]
    public async Task Dispatcher_FailingLongerThanMaxAge_IsDeadLetteredWhateverItsAttempts_R_DLV_4()
    {
        await using var rig = new DispatcherRig(o =>
        {
            o.MaxAttempts = 100;
            o.MaxAge = Duration.FromSeconds(10);
            o.BackoffBase = Duration.FromSeconds(4);
            o.BackoffCap = Duration.FromSeconds(4);
        }, jitter: 0.5);
        var stopped = await rig.StoppedAsync("V5.1.0");
        rig.Handler.Behaviour = (_, _) => ScriptedHandler.Fail();

        var wait = await rig.StartAsync();
        while (wait.Timeout != rig.Options.SweepInterval)
        {
            Assert.Equal(Duration.FromSeconds(2), wait.Timeout);
            wait = await rig.Time.ElapseAsync(wait);
        }

        // Attempts at 0, 2, 4, 6, 8 and 10 s: the sixth fails 10 s after the first.
        Assert.Equal(6, rig.Handler.Calls.Count);
        Assert.Equal(Duration.FromSeconds(10), rig.Handler.Calls[^1].At - rig.Handler.Calls[0].At);
        var dead = Assert.Single(await rig.Service.Delivery.GetDeadLettersAsync());
        Assert.Equal((stopped.Id, 6), (dead.Notification.Id, dead.Notification.Attempt));
        Assert.StartsWith("failing for longer than 0:00:00:10; last: System.InvalidOperationException", dead.LastError, StringComparison.Ordinal);
        var error = Assert.Single(rig.Logger.WithId(1203));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Equal(5, rig.Logger.WithId(1202).Count);
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeadLetteredInstrument));
    }

    /// <summary>
    /// A handler's own cancellation (its own timeout, not the host's stop) is a failed attempt: the dispatcher keeps
    /// running (no 1201), logs the retry (1202 at Warning with the handler's exception), counts a failed attempt, and
    /// delivers attempt 2 when the retry is due.
    /// </summary>
    [Fact]
    public async Task Dispatcher_HandlersOwnCancellation_IsAFailureToRetry_NotAStop_R_DLV_4()
    {
        await using var rig = new DispatcherRig();
        var stopped = await rig.StoppedAsync("V5.1.0");
        rig.Handler.Behaviour = async (n, _) =>
        {
            if (n.Attempt == 1)
            {
                using var ownTimeout = new CancellationTokenSource();
                await ownTimeout.CancelAsync();
                await Task.Delay(Timeout.Infinite, ownTimeout.Token);
            }
        };

        var first = await rig.StartAsync();

        Assert.Equal(Duration.FromMilliseconds(500), first.Timeout);
        var retry = Assert.Single(rig.Logger.WithId(1202));
        Assert.Equal(LogLevel.Warning, retry.Level);
        Assert.IsAssignableFrom<OperationCanceledException>(retry.Exception);
        Assert.Empty(rig.Logger.WithId(1201));
        Assert.Equal(1, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveryAttemptsInstrument, "outcome", "failed"));
        Assert.Equal(first.Since + first.Timeout, Assert.Single(rig.Store.OutcomeWrites).RetryAt);

        var second = await rig.Time.ElapseAsync(first);

        Assert.Equal([(stopped.Id, 1), (stopped.Id, 2)], rig.Handler.Seen);
        Assert.Empty(await rig.PendingAsync());
        Assert.Equal(rig.Options.SweepInterval, second.Timeout);
    }
}
