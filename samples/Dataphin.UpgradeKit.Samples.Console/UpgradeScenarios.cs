using System.Text;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Governance;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Spectre.Console;

namespace Dataphin.UpgradeKit.Samples.Console;

/// <summary>
/// The upgrades the sample performs, through the SDK's public API only: each takes the simulated clock through its
/// steps and reports progress and timeline events the way a host's upgrade engine would.
/// </summary>
internal sealed class UpgradeScenarios(UpgradeKitFeatures service, SimulatedClock clock)
{
    public static readonly OperatorIdentity Operator = new("alice", "Alice (operator)");
    public static readonly OperatorIdentity Engineer = new("olga", "Olga (O&M engineer)", [RoleOperatorQualification.DefaultRole]);
    public static readonly OperatorIdentity SecondEngineer = new("oscar", "Oscar (O&M engineer)", [RoleOperatorQualification.DefaultRole]);

    private static readonly string[] Services =
        ["gateway", "metadata", "scheduler", "dev-studio", "asset-catalog", "quality", "security", "dataservice-api", "notification", "workflow", "billing", "search"];

    private static readonly string[] Databases = ["dataphin_meta", "dataphin_schedule", "dataphin_asset"];

    public delegate Task<UpgradeRecordId?> Scenario(ProgressTask progress);

    /// <summary>Every scenario with its title and how many steps it reports to the progress display.</summary>
    public IReadOnlyList<(string Title, int Steps, Scenario Run)> All =>
    [
        (Title("V4.3.0 → V5.0.0", "ScenarioSucceeded"), 8, Succeeded),
        (Title("V5.0.0 → V5.0.1", "ScenarioFailed"), 6, Failed),
        (Title("V5.0.1 → V5.1.0", "ScenarioStopped"), 5, Stopped),
        (Title("V5.0.1 → V5.1.0", "ScenarioForceStoppedSucceeded"), 5, p => ForceStopped(p, ForceStopResult.Succeeded)),
        (Title("V5.0.1 → V5.1.0", "ScenarioForceStoppedFailed"), 5, p => ForceStopped(p, ForceStopResult.Failed)),
        (Title("V5.1.0 → V5.1.1", "ScenarioCancelledWithConfiguration"), 3, CancelledWithConfiguration),
        (Title("V5.1.0 → V5.1.1", "ScenarioCancelledWithoutConfiguration"), 2, CancelledWithoutConfiguration),
        (Title("V5.1.0 → V5.1.1", "ScenarioZeroDowntime"), 5, ZeroDowntime),
        (Title("V5.1.1 → V5.2.0", "ScenarioStillUpgrading"), 4, StillUpgrading),
    ];

    private static string Title(string versions, string outcome) => $"{versions}, {SampleText.Get(outcome)}";

    private async Task<UpgradeRecord> CreateAsync(string target, string initial, UpgradeMode mode, DataServiceStudioUpgradeMode dss, bool saveConfiguration = true)
    {
        clock.Advance(Duration.FromDays(2));
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse(target), InitialVersion = ProductVersion.Parse(initial), Mode = mode,
            DataServiceStudioMode = dss,
        }, Operator);
        clock.Advance(Duration.FromMinutes(20));
        if (saveConfiguration)
        {
            var yaml = $"# Dataphin upgrade {initial} -> {target}\ncluster: prod-east\nmode: {mode}\nservices: {Services.Length}\n";
            record = await service.Commands.SaveConfigurationAsync(record.Id,
                new ConfigurationFile($"upgrade-{target.ToLowerInvariant()}.yaml", Encoding.UTF8.GetBytes(yaml), clock.GetCurrentInstant()), Operator);
        }

        return record;
    }

    /// <summary>Services stop one after another, a few seconds each, as the host reports them.</summary>
    private async Task StopServicesAsync(UpgradeRecordId id, int count)
    {
        var events = new List<TimelineEvent>();
        foreach (var name in Services.Take(count))
        {
            events.Add(new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = name, At = clock.Advance(Duration.FromSeconds(2)) });
            events.Add(new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingFinished, Subject = name, At = clock.Advance(Duration.FromSeconds(9)) });
        }

        await service.HostReports.ReportTimelineEventsAsync(id, events);
    }

    private async Task BackUpDatabasesAsync(UpgradeRecordId id, int count, bool lastFinishes = true)
    {
        var events = new List<TimelineEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupStarted, Subject = Databases[i], At = clock.Advance(Duration.FromSeconds(5)) });
            if (lastFinishes || i < count - 1)
            {
                events.Add(new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupCompleted, Subject = Databases[i], At = clock.Advance(Duration.FromMinutes(4 + (3 * i))) });
            }
        }

        await service.HostReports.ReportTimelineEventsAsync(id, events);
    }

    private async Task StartServicesAsync(UpgradeRecordId id)
    {
        var events = new List<TimelineEvent>();
        foreach (var name in Services)
        {
            events.Add(new TimelineEvent { Kind = TimelineEventKind.ServiceStartingStarted, Subject = name, At = clock.Advance(Duration.FromSeconds(3)) });
            events.Add(new TimelineEvent { Kind = TimelineEventKind.ServiceStartingFinished, Subject = name, At = clock.Advance(Duration.FromSeconds(40)) });
        }

        await service.HostReports.ReportTimelineEventsAsync(id, events);
    }

    private async Task UpdateDataAsync(UpgradeRecordId id, bool failLast)
    {
        (string Task, DataUpdateTaskOutcome Outcome, int Minutes)[] tasks =
        [
            ("migrate-metadata-schema", DataUpdateTaskOutcome.Success, 6),
            ("rebuild-lineage-index", DataUpdateTaskOutcome.Success, 11),
            ("convert-legacy-schedules", DataUpdateTaskOutcome.Skipped, 0),
            ("refresh-asset-statistics", failLast ? DataUpdateTaskOutcome.Failed : DataUpdateTaskOutcome.Success, 3),
        ];
        var events = new List<TimelineEvent>();
        foreach (var (task, outcome, minutes) in tasks)
        {
            var link = $"https://dataphin.example/ops/upgrade-tasks/{task}";
            events.Add(new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = task, At = clock.Advance(Duration.FromSeconds(4)), DetailsLink = link });
            events.Add(new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = task, At = clock.Advance(Duration.FromMinutes(minutes)), Outcome = outcome, DetailsLink = link });
        }

        await service.HostReports.ReportTimelineEventsAsync(id, events);
    }

    private async Task UpgradeDataServiceStudioAsync(UpgradeRecordId id)
    {
        await service.HostReports.ReportTimelineEventsAsync(id,
        [
            new TimelineEvent { Kind = TimelineEventKind.DataServiceStudioUpgradeStarted, Subject = "dataservice-studio", At = clock.Advance(Duration.FromSeconds(10)) },
            new TimelineEvent { Kind = TimelineEventKind.DataServiceStudioUpgradeCompleted, Subject = "dataservice-studio", At = clock.Advance(Duration.FromMinutes(7)) },
        ]);
    }

    private async Task<UpgradeRecordId?> Succeeded(ProgressTask progress)
    {
        var record = await CreateAsync("V5.0.0", "V4.3.0", UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether);
        progress.Increment(1);
        await service.HostReports.StartAsync(record.Id);
        progress.Increment(1);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, CurrentStep = "stop-services",
        });
        await StopServicesAsync(record.Id, Services.Length);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ApplicationShutdownStarted = true, CurrentStep = "backup-databases",
        });
        progress.Increment(1);
        await BackUpDatabasesAsync(record.Id, Databases.Length);
        progress.Increment(1);
        await StartServicesAsync(record.Id);
        progress.Increment(1);
        await UpdateDataAsync(record.Id, failLast: false);
        await UpgradeDataServiceStudioAsync(record.Id);
        progress.Increment(1);
        await service.HostReports.MarkStepsCompletedAsync(record.Id);
        clock.Advance(Duration.FromMinutes(25));
        await service.Commands.ResumeVerificationAsync(record.Id, Operator);
        progress.Increment(1);
        clock.Advance(Duration.FromMinutes(10));
        await service.Commands.CompleteAsync(record.Id, Operator);
        progress.Increment(1);
        return record.Id;
    }

    private async Task<UpgradeRecordId?> Failed(ProgressTask progress)
    {
        var record = await CreateAsync("V5.0.1", "V5.0.0", UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeSeparately);
        await service.HostReports.StartAsync(record.Id);
        progress.Increment(1);
        await StopServicesAsync(record.Id, Services.Length);
        progress.Increment(1);
        await BackUpDatabasesAsync(record.Id, Databases.Length);
        progress.Increment(1);
        await StartServicesAsync(record.Id);
        progress.Increment(1);
        await UpdateDataAsync(record.Id, failLast: true);
        await service.HostReports.MarkFailedAsync(record.Id, "data update task refresh-asset-statistics failed");
        progress.Increment(1);
        clock.Advance(Duration.FromMinutes(12));
        await service.HostReports.ExitMaintenanceModeAsync(record.Id);
        progress.Increment(1);
        return record.Id;
    }

    private async Task<UpgradeRecordId?> Stopped(ProgressTask progress)
    {
        var record = await CreateAsync("V5.1.0", "V5.0.1", UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether);
        await service.HostReports.StartAsync(record.Id);
        progress.Increment(1);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, CurrentStep = "stop-services",
        });
        progress.Increment(1);
        await StopServicesAsync(record.Id, 5);
        progress.Increment(1);
        clock.Advance(Duration.FromMinutes(3));
        await service.Commands.StopAsync(record.Id, Operator, new StopOptions(RerunForceStoppedInstances: true));
        progress.Increment(2);
        return record.Id;
    }

    private async Task<UpgradeRecordId?> ForceStopped(ProgressTask progress, ForceStopResult result)
    {
        var record = await CreateAsync("V5.1.0", "V5.0.1", UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.DoNotUpgrade);
        await service.HostReports.StartAsync(record.Id);
        progress.Increment(1);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, ApplicationShutdownStarted = true, CurrentStep = "backup-databases",
        });
        await StopServicesAsync(record.Id, Services.Length);
        progress.Increment(1);
        await BackUpDatabasesAsync(record.Id, Databases.Length, lastFinishes: false);
        progress.Increment(1);
        clock.Advance(Duration.FromMinutes(45)); // the backup hangs; the O&M engineer finishes or rolls back by hand
        // The two-person rule (on by default): olga asks, oscar approves, and the upgrade ends with olga's declared result.
        var declaration = service.Commands.Texts.ForceStopDeclaration(System.Globalization.CultureInfo.GetCultureInfo("en"));
        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Engineer,
            new ForceStopRequest(result, DeclarationAccepted: true) { Reason = OperatorReason.Parse("finished by hand"), Declaration = declaration });
        clock.Advance(Duration.FromMinutes(5));
        await new ForceStopApprovals(service.Commands).ApproveAsync(record.Id, SecondEngineer);
        progress.Increment(2);
        return record.Id;
    }

    private async Task<UpgradeRecordId?> CancelledWithConfiguration(ProgressTask progress)
    {
        var record = await CreateAsync("V5.1.1", "V5.1.0", UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether);
        progress.Increment(2);
        await service.Commands.CancelAsync(record.Id, Operator);
        progress.Increment(1);
        return record.Id;
    }

    private async Task<UpgradeRecordId?> CancelledWithoutConfiguration(ProgressTask progress)
    {
        var record = await CreateAsync("V5.1.1", "V5.1.0", UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether, saveConfiguration: false);
        progress.Increment(1);
        var outcome = await service.Commands.CancelAsync(record.Id, Operator);
        progress.Increment(1);
        return outcome.Removed ? null : record.Id;
    }

    private async Task<UpgradeRecordId?> ZeroDowntime(ProgressTask progress)
    {
        var record = await CreateAsync("V5.1.1", "V5.1.0", UpgradeMode.ZeroDowntime, DataServiceStudioUpgradeMode.UpgradeTogether);
        progress.Increment(1);
        await service.HostReports.StartAsync(record.Id);
        progress.Increment(1);
        clock.Advance(Duration.FromMinutes(38));
        await service.HostReports.MarkStepsCompletedAsync(record.Id);
        progress.Increment(1);
        clock.Advance(Duration.FromMinutes(15));
        await service.Commands.CompleteAsync(record.Id, Operator);
        progress.Increment(2);
        return record.Id;
    }

    private async Task<UpgradeRecordId?> StillUpgrading(ProgressTask progress)
    {
        var record = await CreateAsync("V5.2.0", "V5.1.1", UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether);
        await service.HostReports.StartAsync(record.Id);
        progress.Increment(1);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, CurrentStep = "stop-services",
        });
        progress.Increment(1);
        await StopServicesAsync(record.Id, Services.Length);
        progress.Increment(1);
        await BackUpDatabasesAsync(record.Id, 2, lastFinishes: false);
        progress.Increment(1);
        return record.Id;
    }
}
