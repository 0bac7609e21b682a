using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Samples.Web;

/// <summary>
/// <c>--demo</c>: drives one new upgrade through its steps over about half a minute, as a host's upgrade engine would
/// report them, so a person can watch the list and the open View log move without reloading (R-LIVE-1).
/// </summary>
internal sealed partial class LiveDemo(UpgradeKitFeatures service, IClock clock, ILogger<LiveDemo> logger) : BackgroundService
{
    private static readonly string[] Services = ["gateway", "metadata", "scheduler", "dev-studio"];
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1.2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), stoppingToken);
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V6.0.0"), InitialVersion = ProductVersion.Parse("V5.4.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, CookieOperatorAccessor.Alice, stoppingToken);
        Started(logger, record.Id);
        await NextAsync(stoppingToken);
        await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade-v6.0.0.yaml", "cluster: demo\n"u8.ToArray(), clock.GetCurrentInstant()),
            CookieOperatorAccessor.Alice, cancellationToken: stoppingToken);
        await NextAsync(stoppingToken);
        await service.HostReports.StartAsync(record.Id, stoppingToken);
        await service.HostReports.ReportProgressAsync(record.Id, new Lifecycle.ProgressReport { ForceStopTaskRan = true, ApplicationShutdownStarted = true, CurrentStep = "stop-services" },
            stoppingToken);
        foreach (var (started, finished, subjects) in new[]
        {
            (TimelineEventKind.ServiceStoppingStarted, TimelineEventKind.ServiceStoppingFinished, Services),
            (TimelineEventKind.DatabaseBackupStarted, TimelineEventKind.DatabaseBackupCompleted, ["dataphin_meta", "dataphin_schedule"]),
            (TimelineEventKind.ServiceStartingStarted, TimelineEventKind.ServiceStartingFinished, Services),
        })
        {
            foreach (var subject in subjects)
            {
                await ReportAsync(record.Id, started, subject, null, stoppingToken);
                await ReportAsync(record.Id, finished, subject, null, stoppingToken);
            }
        }

        await ReportAsync(record.Id, TimelineEventKind.DataUpdateTaskStarted, "migrate-metadata-schema", null, stoppingToken);
        await ReportAsync(record.Id, TimelineEventKind.DataUpdateTaskFinished, "migrate-metadata-schema", DataUpdateTaskOutcome.Success, stoppingToken);
        await ReportAsync(record.Id, TimelineEventKind.DataServiceStudioUpgradeStarted, "dataservice-studio", null, stoppingToken);
        await ReportAsync(record.Id, TimelineEventKind.DataServiceStudioUpgradeCompleted, "dataservice-studio", null, stoppingToken);
        await service.HostReports.MarkStepsCompletedAsync(record.Id, stoppingToken);
        await NextAsync(stoppingToken);
        await service.Commands.CompleteAsync(record.Id, CookieOperatorAccessor.Alice, cancellationToken: stoppingToken);
        Finished(logger, record.Id);
    }

    private async Task ReportAsync(UpgradeRecordId id, TimelineEventKind kind, string subject, DataUpdateTaskOutcome? outcome, CancellationToken cancellationToken)
    {
        await NextAsync(cancellationToken);
        var link = kind is TimelineEventKind.DataUpdateTaskStarted or TimelineEventKind.DataUpdateTaskFinished
            ? $"https://dataphin.example/ops/upgrade-tasks/{subject}"
            : null;
        await service.HostReports.ReportTimelineEventsAsync(id, [new TimelineEvent { Kind = kind, Subject = subject, At = clock.GetCurrentInstant(), Outcome = outcome, DetailsLink = link }], cancellationToken);
    }

    private static Task NextAsync(CancellationToken cancellationToken) => Task.Delay(Step, cancellationToken);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Demo: upgrade {RecordId} created; it runs through its steps over about 30 seconds")]
    private static partial void Started(ILogger logger, UpgradeRecordId recordId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Demo: upgrade {RecordId} succeeded")]
    private static partial void Finished(ILogger logger, UpgradeRecordId recordId);
}
