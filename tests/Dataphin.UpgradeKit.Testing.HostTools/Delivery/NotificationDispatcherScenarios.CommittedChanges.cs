using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Notifications;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Testing.HostTools.Delivery;

// Issue 11 item 8: a committed change is never reported as failed, whatever happens after the commit (a cancellation,
// a failed mark-delivered write); delivery is the dispatcher's business.
public abstract partial class NotificationDispatcherScenarios
{
    private enum Operation
    {
        Create,
        SaveConfiguration,
        CancelRemoving,
        Cancel,
        Stop,
        ForceStop,
        MarkFailed,
        ViewLog,
    }

    /// <summary>
    /// 200 operations (create, save a configuration, cancel with and without a configuration, stop, force stop, mark failed,
    /// view log), each cancelled at a random point: after the n-th store call returned (so also right after the commit), by a
    /// timer of a few milliseconds (inside the store's work), or before it starts. Afterwards the store decides: every
    /// operation whose change is stored returned success, and every operation that threw stored nothing. Seeded; the seed is
    /// in the failure message.
    /// </summary>
    [StoreFact]
    public async Task Operations_CancelledAtRandomPoints_ReturnSuccessExactlyWhenTheirChangeIsStored_Item8()
    {
        const int operations = 200;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var store = await NewStoreAsync();
        // Every kind of committed change, force-stop by one engineer alone among them (not the two-person rule, R-GOV-2).
        var service = new UpgradeKitFeatures(store, SystemClock.Instance, notificationHandler: new RecordingNotificationHandler(), options: new UpgradeKitOptions { Rules = { ApprovalRequiredFor = [] } });
        var display = new DisplayContext(DateTimeZone.Utc, System.Globalization.CultureInfo.InvariantCulture);
        var operationCount = Enum.GetValues<Operation>().Length;

        var plan = new List<(Operation Operation, UpgradeRecord? Before, ProductVersion Target)>();
        for (var i = 0; i < operations; i++)
        {
            var operation = (Operation)random.Next(operationCount);
            // A target version of its own, so a creation is found by it afterwards.
            var target = ProductVersion.Parse(FormattableString.Invariant($"V9.{i}.0"));
            var request = new NewUpgradeRequest
            {
                TargetVersion = target, InitialVersion = ProductVersion.Parse("V4.3.0"), Mode = UpgradeMode.Maintenance,
                DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            };
            UpgradeRecord? record = operation switch
            {
                Operation.Create => null,
                Operation.SaveConfiguration or Operation.CancelRemoving => await service.Commands.CreateAsync(request, Engineer),
                Operation.Cancel => await service.Commands.SaveConfigurationAsync((await service.Commands.CreateAsync(request, Engineer)).Id,
                    new ConfigurationFile("upgrade.yaml", "k: v"u8.ToArray(), SystemClock.Instance.GetCurrentInstant()), Engineer),
                Operation.ViewLog => await service.Commands.StopAsync((await UpgradingAsync(service)).Id, Engineer, new StopOptions(true)),
                _ => await UpgradingAsync(service),
            };
            plan.Add((operation, record, record?.TargetVersion ?? target));
        }

        var outcomes = new List<(Operation Operation, UpgradeRecord? Before, ProductVersion Target, string How, Exception? Error)>();
        foreach (var (operation, before, target) in plan)
        {
            using var cancellation = new CancellationTokenSource();
            string how;
            switch (random.Next(3))
            {
                case 0:
                    var calls = 0;
                    var cancelAfter = random.Next(1, 4);
                    how = $"cancelled after store call {cancelAfter}";
                    store.AfterCall = member =>
                    {
                        if (++calls == cancelAfter)
                        {
                            cancellation.Cancel();
                        }
                    };
                    break;
                case 1:
                    var delay = TimeSpan.FromMicroseconds(random.Next(0, 5000));
                    how = $"cancelled after {delay.TotalMilliseconds} ms";
                    cancellation.CancelAfter(delay);
                    break;
                default:
                    how = "cancelled before the call";
                    cancellation.Cancel();
                    break;
            }

            Exception? error = null;
            try
            {
                var token = cancellation.Token;
                var id = before?.Id ?? default;
                _ = operation switch
                {
                    Operation.Create => await service.Commands.CreateAsync(new NewUpgradeRequest
                    {
                        TargetVersion = target, InitialVersion = ProductVersion.Parse("V4.3.0"),
                        Mode = UpgradeMode.Maintenance,
                        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
                    }, Engineer, token),
                    Operation.SaveConfiguration => await service.Commands.SaveConfigurationAsync(id,
                        new ConfigurationFile("upgrade.yaml", "k: v"u8.ToArray(), SystemClock.Instance.GetCurrentInstant()), Engineer, cancellationToken: token),
                    Operation.CancelRemoving or Operation.Cancel => await service.Commands.CancelAsync(id, Engineer, cancellationToken: token),
                    Operation.Stop => await service.Commands.StopAsync(id, Engineer, new StopOptions(true), cancellationToken: token),
                    Operation.ForceStop => await service.Commands.ForceStopAsync(id, Engineer, new ForceStopRequest(ForceStopResult.Succeeded, true) { Reason = OperatorReason.Parse("finished by hand") }, cancellationToken: token),
                    Operation.MarkFailed => await service.HostReports.MarkFailedAsync(id, "cancelled test", token),
                    _ => (object)await service.Queries.ViewLogAsync(id, Engineer, display, token),
                };
            }
            catch (OperationCanceledException ex)
            {
                // Only a cancellation is an expected way to fail here: any other exception escapes and fails the test.
                error = ex;
            }
            finally
            {
                store.AfterCall = null;
            }

            outcomes.Add((operation, before, target, how, error));
        }

        var pendingRecords = (await store.Inner.ReadPendingAsync(10_000)).Select(n => n.RecordId).ToHashSet();
        var wrong = new List<string>();
        foreach (var (operation, before, target, how, error) in outcomes)
        {
            bool stored;
            switch (operation)
            {
                case Operation.Create:
                    stored = (await store.Inner.ListAsync(new UpgradeRecordQuery { Version = target })).Items.Count == 1;
                    break;
                case Operation.CancelRemoving:
                    stored = await store.Inner.FindAsync(before!.Id) is null;
                    break;
                case Operation.ViewLog:
                    stored = (await store.Inner.ReadAsync(before!.Id)).Any(e => e.Operation == UpgradeOperation.ViewLog && e.Outcome == AuditOutcome.Accepted);
                    break;
                default:
                    stored = (await store.Inner.FindAsync(before!.Id))!.Version != before.Version;
                    var notifies = operation is Operation.Stop or Operation.ForceStop or Operation.MarkFailed;
                    if (notifies && stored != pendingRecords.Contains(before.Id))
                    {
                        wrong.Add($"{operation} {how}: the record's change and its notification disagree (stored {stored})");
                    }

                    break;
            }

            if (stored != (error is null))
            {
                wrong.Add($"{operation} {how}: stored {stored}, but the caller saw {(error is null ? "success" : error.GetType().Name + ": " + error.Message)}");
            }
        }

        Assert.True(wrong.Count == 0, $"seed {seed}: {wrong.Count} of {operations} wrong:\n{string.Join('\n', wrong.Take(20))}");
        // Not vacuous: some were cancelled in time and some only after their commit.
        Assert.Contains(outcomes, o => o.Error is OperationCanceledException);
        Assert.Contains(outcomes, o => o.Error is null && o.How.StartsWith("cancelled after store call", StringComparison.Ordinal));
    }

    /// <summary>View log's audit write is its change: a cancellation right after it is too late to make it throw; it returns the panel.</summary>
    [StoreFact]
    public async Task ViewLog_CancelledRightAfterItsAuditWrite_ReturnsThePanel_Item8()
    {
        var store = await NewStoreAsync();
        var service = new UpgradeKitFeatures(store, SystemClock.Instance);
        var record = await service.Commands.StopAsync((await UpgradingAsync(service)).Id, Engineer, new StopOptions(true));
        using var cancellation = new CancellationTokenSource();
        store.AfterCall = member =>
        {
            if (member == nameof(IUpgradeStore.AppendAsync))
            {
                cancellation.Cancel();
            }
        };

        var panel = await service.Queries.ViewLogAsync(record.Id, Engineer, new DisplayContext(DateTimeZone.Utc, System.Globalization.CultureInfo.InvariantCulture),
            cancellation.Token);

        Assert.True(cancellation.IsCancellationRequested);
        Assert.NotNull(panel);
        Assert.Contains(await store.Inner.ReadAsync(record.Id), e => e.Operation == UpgradeOperation.ViewLog && e.Outcome == AuditOutcome.Accepted);
    }

    /// <summary>
    /// The dispatcher's mark-delivered write fails (twice): the stop still returns success, the failure is logged (1207),
    /// and the notification is handed to the handler again once its lease expired, then marked delivered (at least once).
    /// </summary>
    [StoreFact]
    public async Task Dispatcher_MarkDeliveredFails_TheOperationSucceeds_AndTheNotificationIsDeliveredAgain_Item8_R_DLV_2()
    {
        var store = await NewStoreAsync();
        store.FailCompletions = 2;
        var handler = new RecordingNotificationHandler();
        var host = NewHost(store, handler, o =>
        {
            o.SweepInterval = Duration.FromMilliseconds(200);
            o.LeaseDuration = Duration.FromMilliseconds(500);
        });
        await host.StartAsync();
        var record = await UpgradingAsync(host.Service);

        var stopped = await host.Service.Commands.StopAsync(record.Id, Engineer, new StopOptions(true));

        Assert.Equal(UpgradeStatus.Stopped, stopped.Status);
        await EventuallyAsync(async () => (await PendingIdsAsync(store.Inner)).Count == 0, "the stop is finally marked delivered");
        Assert.Equal(2, store.FailedCompletions);
        Assert.Equal(3, handler.Received.Count);
        Assert.Single(handler.Received.Select(n => n.Id).Distinct());
        Assert.Equal([1, 2, 3], handler.Received.Select(n => n.Attempt));
        Assert.Equal(2, host.Logger.WithId(1207).Count);
        Assert.Equal(0, await store.CountDeadLettersAsync());
    }
}
