using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Spectre.Console;

namespace Dataphin.UpgradeKit.Samples.Console;

/// <summary>
/// <c>watch</c> mode: one upgrade runs in the background, reported step by step as a host's upgrade engine would, while
/// the foreground watches it through <see cref="UpgradeWatches.WatchRecordAsync"/> and prints each committed change
/// as it happens (R-LIVE-1), like <c>kubectl argo rollouts get rollout --watch</c>.
/// </summary>
internal static class LiveWatch
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(400);
    private static readonly string[] Services = ["gateway", "metadata", "scheduler"];

    public static async Task<int> RunAsync(UpgradeKitFeatures service, SimulatedClock clock, DisplayContext display)
    {
        // Three earlier upgrades of the same mode, run at once and not watched: an estimate needs three comparable
        // finished upgrades, so the watched one shows its remaining time and band instead of "no baseline".
        foreach (var slower in (int[])[0, 6, 12])
        {
            var earlier = await CreateAsync(service);
            await DriveAsync(service, clock, earlier.Id, TimeSpan.Zero, Duration.FromMinutes(slower), CancellationToken.None);
            clock.Advance(Duration.FromHours(1));
        }

        AnsiConsole.MarkupLine(SampleText.Format("WatchHistory", 3));
        var record = await CreateAsync(service);
        AnsiConsole.MarkupLine(SampleText.Format("WatchHeader", record.Id, "V5.4.0", "V6.0.0"));
        using var stop = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var watching = Task.Run(async () =>
        {
            await foreach (var change in service.Watches.WatchRecordAsync(record.Id, UpgradeScenarios.Operator, display, cancellationToken: stop.Token))
            {
                Print(change);
                if (change.Row?.Status.Code is UpgradeStatus.Succeeded)
                {
                    return;
                }
            }
        }, stop.Token);

        try
        {
            await DriveAsync(service, clock, record.Id, Step, Duration.FromMinutes(3), stop.Token);
            await watching.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C: a cancelled watch ends with OperationCanceledException, as the driving calls do.
            AnsiConsole.MarkupLine(SampleText.Get("WatchStopped"));
        }

        return 0;
    }

    private static void Print(Live.RecordWatchEvent change)
    {
        var running = change.Log?.Timeline?.FirstOrDefault(n => n.State == TimelineNodeState.Running);
        var offered = change.Row is null ? "" : string.Join(", ", change.Row.Actions.Where(a => a.Offered).Select(a => a.Name));
        AnsiConsole.MarkupLine(
            $"[grey]#{change.Position,-5}[/] {change.Kind,-16} [bold]{Markup.Escape(change.Row?.Status.Name ?? SampleText.Get("WatchRemoved"))}[/]" +
            $"  {SampleText.Get("WatchUpgrade")} {Markup.Escape(change.Row?.UpgradeDuration ?? "-")}" +
            (running is null ? "" : $"  {SampleText.Get("WatchNow")} {Markup.Escape(running.Name)} {Markup.Escape(running.Text)}") +
            Estimate(change.Row?.Estimate) +
            $"  [grey]{SampleText.Get("WatchActions")} {Markup.Escape(offered)}[/]");
    }

    // A running upgrade's expected remaining time and its 10-90 band, or "no baseline"; "stalled" when it looks stuck.
    private static string Estimate(Estimates.UpgradeEstimate? estimate)
    {
        if (estimate is null)
        {
            return "";
        }

        static string Text(long? ms) => Times.DurationText.Format(NodaTime.Duration.FromMilliseconds(ms ?? 0));
        var figures = estimate.HasBaseline
            ? $"{Text(estimate.RemainingMilliseconds)} ({Text(estimate.RemainingLowMilliseconds)} ~ {Text(estimate.RemainingHighMilliseconds)})"
            : SampleText.Get("WatchNoBaseline");
        return $"  {SampleText.Get("WatchEstimate")} {Markup.Escape(figures)}" + (estimate.Stalled ? $" [red]{SampleText.Get("WatchStalled")}[/]" : "");
    }

    private static Task<UpgradeRecord> CreateAsync(UpgradeKitFeatures service) => service.Commands.CreateAsync(new NewUpgradeRequest
    {
        TargetVersion = ProductVersion.Parse("V6.0.0"), InitialVersion = ProductVersion.Parse("V5.4.0"),
        Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    }, UpgradeScenarios.Operator);

    // Reports the upgrade's steps as a host's upgrade engine would, one every `step` of real time; `slower` lengthens
    // the verification, so the earlier upgrades differ and the estimate has a band.
    private static async Task DriveAsync(UpgradeKitFeatures service, SimulatedClock clock, UpgradeRecordId id, TimeSpan step, Duration slower,
        CancellationToken cancellationToken)
    {
        async Task Next(Duration simulated)
        {
            if (step > TimeSpan.Zero)
            {
                await Task.Delay(step, cancellationToken);
            }

            clock.Advance(simulated);
        }

        async Task Report(TimelineEventKind kind, string subject, DataUpdateTaskOutcome? outcome = null)
        {
            await Next(Duration.FromSeconds(20));
            await service.HostReports.ReportTimelineEventsAsync(id, [new TimelineEvent { Kind = kind, Subject = subject, At = clock.GetCurrentInstant(), Outcome = outcome }], cancellationToken);
        }

        await Next(Duration.FromMinutes(5));
        await service.Commands.SaveConfigurationAsync(id, new ConfigurationFile("upgrade-v6.0.0.yaml", "cluster: prod-east\n"u8.ToArray(), clock.GetCurrentInstant()),
            UpgradeScenarios.Operator, cancellationToken: cancellationToken);
        await Next(Duration.FromMinutes(2));
        await service.HostReports.StartAsync(id, cancellationToken);
        await service.HostReports.ReportProgressAsync(id, new ProgressReport
        {
            ForceStopTaskRan = true, ApplicationShutdownStarted = true, CurrentStep = "stop-services",
        }, cancellationToken);
        foreach (var name in Services)
        {
            await Report(TimelineEventKind.ServiceStoppingStarted, name);
            await Report(TimelineEventKind.ServiceStoppingFinished, name);
        }

        await Report(TimelineEventKind.DatabaseBackupStarted, "dataphin_meta");
        await Report(TimelineEventKind.DatabaseBackupCompleted, "dataphin_meta");
        foreach (var name in Services)
        {
            await Report(TimelineEventKind.ServiceStartingStarted, name);
            await Report(TimelineEventKind.ServiceStartingFinished, name);
        }

        await Report(TimelineEventKind.DataUpdateTaskStarted, "migrate-metadata-schema");
        await Report(TimelineEventKind.DataUpdateTaskFinished, "migrate-metadata-schema", DataUpdateTaskOutcome.Success);
        await Next(Duration.FromMinutes(1));
        await service.HostReports.MarkStepsCompletedAsync(id, cancellationToken);
        await Next(Duration.FromMinutes(10) + slower);
        await service.Commands.CompleteAsync(id, UpgradeScenarios.Operator, cancellationToken: cancellationToken);
    }
}
