using Dataphin.UpgradeKit.Diagnostics;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Delivery;

// Order, isolation and identity under faults (R-DLV-3, R-DLV-5).
public sealed partial class NotificationDispatcherFaultTests
{
    /// <summary>
    /// Records A (two notifications), B (two) and C (one) under a sequence of faults: the first claim fails; then A's
    /// first fails with its retry write failing too, and the batch's mark-delivered write fails; then A's fails twice
    /// more while B's and C's go through. Every record's notifications reach the handler in store order, every repeat of
    /// one before the first call of its record's next; A's failures never hold back B or C (B's second is delivered while
    /// A's first still waits for its retry), and A's second waits for A's first.
    /// </summary>
    [Fact]
    public async Task Faults_KeepEachRecordsOrder_AndHoldBackOnlyTheirOwnRecord_R_DLV_3()
    {
        await using var rig = new DispatcherRig(o => o.MaxAttempts = 10, jitter: 0.5);
        var a1 = await rig.StoppedAsync("V5.1.0");
        var b1 = await rig.StoppedAsync("V5.2.0");
        var c1 = await rig.StoppedAsync("V5.3.0");
        var a2 = await rig.FurtherAsync(a1);
        var b2 = await rig.FurtherAsync(b1);
        rig.Handler.Behaviour = (n, _) => n.Id == a1.Id && n.Attempt <= 4 ? ScriptedHandler.Fail() : Task.CompletedTask;
        rig.Store.FailClaims = 1;
        rig.Store.FailOutcomes = 1;
        rig.Store.FailCompletions = 1;
        var heldBack = new List<bool>();
        var innerBehaviour = rig.Handler.Behaviour;
        rig.Handler.Behaviour = async (n, token) =>
        {
            if (n.Id == b2.Id)
            {
                heldBack.Add((await rig.PendingAsync()).Contains(a1.Id));
            }

            await innerBehaviour(n, token);
        };

        var wait = await rig.StartAsync();
        while (wait.Timeout != rig.Options.SweepInterval || (await rig.PendingAsync()).Count > 0)
        {
            wait = await rig.Time.ElapseAsync(wait);
        }

        // Claim fault: a sweep. Then [A1 (fails, retry write fails), B1, C1] with the completion failing: all back at
        // the lease's end as attempt 2. Then A1 fails (attempts 2, 3, 4: retries 1, 2, 4 s) while B2 goes through, and
        // A1's fifth attempt succeeds before A2.
        Assert.Equal(
            [(a1.Id, 1), (b1.Id, 1), (c1.Id, 1), (a1.Id, 2), (b1.Id, 2), (c1.Id, 2), (b2.Id, 1), (a1.Id, 3), (a1.Id, 4), (a1.Id, 5), (a2.Id, 1)],
            rig.Handler.Seen);
        Assert.Equal([true], heldBack);
        foreach (var record in new[] { [a1.Id, a2.Id], [b1.Id, b2.Id], new[] { c1.Id } })
        {
            var calls = rig.Handler.Seen.Select(s => s.Id).Where(record.Contains).ToList();
            Assert.Equal(calls.Order(Comparer<Guid>.Create((x, y) => Array.IndexOf(record, x).CompareTo(Array.IndexOf(record, y)))), calls);
        }

        Assert.Equal((1, 1, 1), (rig.Store.FailedClaims, rig.Store.FailedOutcomes, rig.Store.FailedCompletions));
        Assert.Equal(5, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveredInstrument));
        Assert.Equal(0, await rig.Service.Delivery.CountDeadLettersAsync());
    }

    /// <summary>
    /// R-DLV-5: one notification through a failure, a lost completion, a host stop and a restart reaches the handler
    /// four times with the same stable id (the one stored with its change, every other field unchanged too) and the
    /// attempt numbers 1, 2, 3, 4; another notification has an id of its own and starts at attempt 1.
    /// </summary>
    [Fact]
    public async Task Notification_CarriesAStableIdAndItsAttemptNumber_AcrossFailuresLostCompletionsAndRestarts_R_DLV_5()
    {
        await using var rig = new DispatcherRig(jitter: 0.5);
        var stopped = await rig.StoppedAsync("V5.1.0");
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Handler.Behaviour = async (n, token) =>
        {
            switch (n.Id == stopped.Id ? n.Attempt : 0)
            {
                case 1:
                    await ScriptedHandler.Fail();
                    break;
                case 2:
                    rig.Store.FailCompletions = 1;
                    break;
                case 3:
                    stopping.SetResult();
                    await Task.Delay(Timeout.Infinite, token);
                    break;
            }
        };

        var retry = await rig.StartAsync();
        var lease = await rig.Time.ElapseAsync(retry);
        Assert.Equal(rig.Options.LeaseDuration, lease.Timeout);
        rig.Clock.Advance(lease.Timeout);
        lease.Elapsed.SetResult();
        await stopping.Task.WaitAsync(SteppedDispatcherTime.Ceiling);
        await rig.StopAsync();
        await rig.StartAsync();
        var other = await rig.StoppedAsync("V5.2.0");
        rig.Service.Delivery.DeliverySignal.Set();
        await rig.Time.NextWaitAsync();

        Assert.Equal([(stopped.Id, 1), (stopped.Id, 2), (stopped.Id, 3), (stopped.Id, 4), (other.Id, 1)], rig.Handler.Seen);
        Assert.All(rig.Handler.Calls.Take(4), c => Assert.Equal(stopped, c.Notification with { Attempt = 1 }));
        Assert.NotEqual(stopped.Id, other.Id);
        Assert.Empty(await rig.PendingAsync());
        Assert.Equal(2, rig.Meters.Sum(UpgradeKitDiagnostics.DeliveredInstrument));
    }
}
