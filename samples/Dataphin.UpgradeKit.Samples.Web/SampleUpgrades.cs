using System.Text;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Governance;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Samples.Web;

/// <summary>
/// Seeds the page with one record of every kind the Upgrade Records list shows, through the SDK's public API as a
/// host's upgrade engine would report them: progress facts, per-service and per-database timeline events, data-update
/// tasks. The two upgrades still running come last, so they are the newest rows.
/// </summary>
internal sealed class SampleUpgrades(UpgradeKitFeatures service, SeedingClock clock)
{
    private static readonly string[] Services = ["gateway", "metadata", "scheduler", "dev-studio", "asset-catalog", "quality", "dataservice-api", "search"];
    private static readonly string[] Databases = ["dataphin_meta", "dataphin_schedule", "dataphin_asset"];

    public async Task SeedAsync()
    {
        await SucceededAsync("V5.0.0", "V4.3.0");
        await FailedAsync("V5.0.1", "V5.0.0");
        await StoppedAsync("V5.1.0", "V5.0.1");
        await ForceStoppedAsync("V5.1.1", "V5.1.0", ForceStopResult.Succeeded);
        await ForceStoppedAsync("V5.1.2", "V5.1.1", ForceStopResult.Failed);
        await CancelledAsync("V5.2.0", "V5.1.2");
        await ZeroDowntimeAsync("V5.2.1", "V5.2.0");
        clock.CatchUp(Duration.FromHours(50));
        await VerifyingAsync("V5.3.0", "V5.2.1");
        clock.CatchUp(Duration.FromHours(5));
        await UpgradingAsync("V5.3.1", "V5.3.0", shutdownStarted: true);
        clock.CatchUp(Duration.FromHours(2));
        await UpgradingAsync("V5.4.0", "V5.3.1", shutdownStarted: false);
    }

    private async Task<UpgradeRecord> CreateAsync(string target, string initial, UpgradeMode mode, DataServiceStudioUpgradeMode dss,
        Duration? sincePrevious = null)
    {
        clock.Advance(sincePrevious ?? Duration.FromHours(35));
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse(target), InitialVersion = ProductVersion.Parse(initial), Mode = mode,
            DataServiceStudioMode = dss,
        }, CookieOperatorAccessor.Alice);
        clock.Advance(Duration.FromMinutes(18));
        var yaml = $"# Dataphin upgrade {initial} -> {target}\ncluster: prod-east\nmode: {mode}\nservices: [{string.Join(", ", Services)}]\n";
        return await service.Commands.SaveConfigurationAsync(record.Id,
            new ConfigurationFile($"upgrade-{target.ToLowerInvariant()}.yaml", Encoding.UTF8.GetBytes(yaml), clock.GetCurrentInstant()), CookieOperatorAccessor.Alice);
    }

    private Task<int> ReportAsync(UpgradeRecordId id, List<TimelineEvent> events) => service.HostReports.ReportTimelineEventsAsync(id, events);

    private TimelineEvent At(TimelineEventKind kind, string subject, Duration after, DataUpdateTaskOutcome? outcome = null, string? link = null) =>
        new() { Kind = kind, Subject = subject, At = clock.Advance(after), Outcome = outcome, DetailsLink = link };

    private async Task StopServicesAsync(UpgradeRecordId id)
    {
        var events = new List<TimelineEvent>();
        foreach (var name in Services)
        {
            events.Add(At(TimelineEventKind.ServiceStoppingStarted, name, Duration.FromSeconds(2)));
            events.Add(At(TimelineEventKind.ServiceStoppingFinished, name, Duration.FromSeconds(11)));
        }

        await ReportAsync(id, events);
    }

    private async Task BackUpAsync(UpgradeRecordId id, bool lastCompletes)
    {
        var events = new List<TimelineEvent>();
        for (var i = 0; i < Databases.Length; i++)
        {
            events.Add(At(TimelineEventKind.DatabaseBackupStarted, Databases[i], Duration.FromSeconds(6)));
            if (lastCompletes || i < Databases.Length - 1)
            {
                events.Add(At(TimelineEventKind.DatabaseBackupCompleted, Databases[i], Duration.FromMinutes(3 + (4 * i))));
            }
        }

        await ReportAsync(id, events);
    }

    private async Task StartServicesAsync(UpgradeRecordId id)
    {
        var events = new List<TimelineEvent>();
        foreach (var name in Services)
        {
            events.Add(At(TimelineEventKind.ServiceStartingStarted, name, Duration.FromSeconds(4)));
            events.Add(At(TimelineEventKind.ServiceStartingFinished, name, Duration.FromSeconds(37)));
        }

        await ReportAsync(id, events);
    }

    private async Task UpdateDataAsync(UpgradeRecordId id, bool lastFails)
    {
        (string Task, DataUpdateTaskOutcome Outcome, int Minutes)[] tasks =
        [
            ("migrate-metadata-schema", DataUpdateTaskOutcome.Success, 7),
            ("rebuild-lineage-index", DataUpdateTaskOutcome.Success, 12),
            ("convert-legacy-schedules", DataUpdateTaskOutcome.Skipped, 0),
            ("refresh-asset-statistics", lastFails ? DataUpdateTaskOutcome.Failed : DataUpdateTaskOutcome.Success, 4),
        ];
        var events = new List<TimelineEvent>();
        foreach (var (task, outcome, minutes) in tasks)
        {
            var link = $"https://dataphin.example/ops/upgrade-tasks/{task}";
            events.Add(At(TimelineEventKind.DataUpdateTaskStarted, task, Duration.FromSeconds(5), link: link));
            events.Add(At(TimelineEventKind.DataUpdateTaskFinished, task, Duration.FromMinutes(minutes) + Duration.FromMilliseconds(400), outcome, link));
        }

        await ReportAsync(id, events);
    }

    private async Task SucceededAsync(string target, string initial)
    {
        var record = await CreateAsync(target, initial, UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether);
        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, ApplicationShutdownStarted = true, CurrentStep = "stop-services",
        });
        await StopServicesAsync(record.Id);
        await BackUpAsync(record.Id, lastCompletes: true);
        await StartServicesAsync(record.Id);
        await UpdateDataAsync(record.Id, lastFails: false);
        await ReportAsync(record.Id,
        [
            At(TimelineEventKind.DataServiceStudioUpgradeStarted, "dataservice-studio", Duration.FromSeconds(9)),
            At(TimelineEventKind.DataServiceStudioUpgradeCompleted, "dataservice-studio", Duration.FromMinutes(6)),
        ]);
        await service.HostReports.MarkStepsCompletedAsync(record.Id);
        clock.Advance(Duration.FromMinutes(22));
        await service.Commands.CompleteAsync(record.Id, CookieOperatorAccessor.Alice);
    }

    private async Task FailedAsync(string target, string initial)
    {
        var record = await CreateAsync(target, initial, UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeSeparately);
        await service.HostReports.StartAsync(record.Id);
        await StopServicesAsync(record.Id);
        await BackUpAsync(record.Id, lastCompletes: true);
        await StartServicesAsync(record.Id);
        await UpdateDataAsync(record.Id, lastFails: true);
        await service.HostReports.MarkFailedAsync(record.Id, "data update task refresh-asset-statistics failed");
        clock.Advance(Duration.FromMinutes(9));
        await service.HostReports.ExitMaintenanceModeAsync(record.Id);
    }

    private async Task StoppedAsync(string target, string initial)
    {
        var record = await CreateAsync(target, initial, UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether);
        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, CurrentStep = "stop-services",
        });
        await StopServicesAsync(record.Id);
        clock.Advance(Duration.FromMinutes(4));
        await service.Commands.StopAsync(record.Id, CookieOperatorAccessor.Alice, new StopOptions(RerunForceStoppedInstances: true));
    }

    private async Task ForceStoppedAsync(string target, string initial, ForceStopResult result)
    {
        var record = await CreateAsync(target, initial, UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.DoNotUpgrade);
        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, ApplicationShutdownStarted = true, CurrentStep = "backup-databases",
        });
        await StopServicesAsync(record.Id);
        await BackUpAsync(record.Id, lastCompletes: false);
        clock.Advance(Duration.FromMinutes(50)); // the last backup hangs; the engineer finishes or rolls back by hand
        // The two-person rule (on by default): olga asks, oscar approves, and the upgrade ends with olga's declared result.
        var declaration = service.Commands.Texts.ForceStopDeclaration(System.Globalization.CultureInfo.GetCultureInfo("en"));
        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, CookieOperatorAccessor.Olga,
            new ForceStopRequest(result, DeclarationAccepted: true) { Reason = OperatorReason.Parse("finished by hand"), Declaration = declaration });
        clock.Advance(Duration.FromMinutes(5));
        await new ForceStopApprovals(service.Commands).ApproveAsync(record.Id, CookieOperatorAccessor.Oscar);
    }

    private async Task CancelledAsync(string target, string initial)
    {
        var record = await CreateAsync(target, initial, UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether);
        clock.Advance(Duration.FromMinutes(7));
        await service.Commands.CancelAsync(record.Id, CookieOperatorAccessor.Alice);
    }

    private async Task ZeroDowntimeAsync(string target, string initial)
    {
        var record = await CreateAsync(target, initial, UpgradeMode.ZeroDowntime, DataServiceStudioUpgradeMode.UpgradeTogether);
        await service.HostReports.StartAsync(record.Id);
        clock.Advance(Duration.FromMinutes(41));
        await service.HostReports.MarkStepsCompletedAsync(record.Id);
        clock.Advance(Duration.FromMinutes(13));
        await service.Commands.CompleteAsync(record.Id, CookieOperatorAccessor.Alice);
    }

    private async Task VerifyingAsync(string target, string initial)
    {
        var record = await CreateAsync(target, initial, UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether, Duration.FromMinutes(5));
        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, ApplicationShutdownStarted = true, CurrentStep = "stop-services",
        });
        await StopServicesAsync(record.Id);
        await BackUpAsync(record.Id, lastCompletes: true);
        await StartServicesAsync(record.Id);
        await UpdateDataAsync(record.Id, lastFails: false);
        await service.HostReports.MarkStepsCompletedAsync(record.Id);
    }

    /// <summary>
    /// Still running: the force-stop task has run; when shutdown has not started yet, Stop is still offered (SPEC §4
    /// Decision); once it has, only a qualified engineer's Force-stop remains.
    /// </summary>
    private async Task UpgradingAsync(string target, string initial, bool shutdownStarted)
    {
        var record = await CreateAsync(target, initial, UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether, Duration.FromMinutes(5));
        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, ApplicationShutdownStarted = shutdownStarted, CurrentStep = "stop-services",
        });
        await StopServicesAsync(record.Id);
        if (shutdownStarted)
        {
            await BackUpAsync(record.Id, lastCompletes: false);
        }
    }
}
