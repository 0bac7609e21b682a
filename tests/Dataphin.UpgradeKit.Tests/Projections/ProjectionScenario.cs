using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using NodaTime.Testing;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Projections;

/// <summary>
/// The fixed scenario behind the JSON samples and the rendering tests: a maintenance upgrade V4.3.0 to V5.1.0 on
/// 2026-03-29, started 00:30Z and completed 02:15Z, across Europe/Berlin's spring-forward at 01:00Z.
/// </summary>
internal sealed class ProjectionScenario
{
    public static readonly OperatorIdentity Alice = new("alice", "Alice");
    public static readonly OperatorIdentity Bob = new("bob", "Bob", [RoleOperatorQualification.DefaultRole]);

    private ProjectionScenario(InMemoryUpgradeStore store, FakeClock clock, UpgradeKitFeatures service)
    {
        Store = store;
        Clock = clock;
        Service = service;
    }

    public InMemoryUpgradeStore Store { get; }

    public FakeClock Clock { get; }

    public UpgradeKitFeatures Service { get; }

    public static ProjectionScenario Create(UpgradeKitOptions? options = null)
    {
        var store = new InMemoryUpgradeStore();
        var clock = new FakeClock(T0);
        // Projections of force-stopped records are about something else than the two-person rule: opted out unless given.
        return new ProjectionScenario(store, clock, new UpgradeKitFeatures(store, clock, options: options ?? new UpgradeKitOptions { Rules = { ApprovalRequiredFor = [] } }));
    }

    /// <summary>A Configuring record with a fixed id (ids made by the service are time-ordered GUIDs with random bits).</summary>
    public async Task<UpgradeRecordId> InsertConfiguringAsync(UpgradeMode mode = UpgradeMode.Maintenance, UpgradeRecordId? id = null)
    {
        var record = Record(UpgradeStatus.Configuring, mode, id: id ?? FixedId, createdAt: Clock.GetCurrentInstant());
        var audit = new AuditEntry(record.Id, record.CreatedAt, Alice.Id, UpgradeOperation.Create, AuditOutcome.Accepted, null,
            UpgradeStatus.Configuring, ActionReasonCode.None, 1, AuditEntry.NoOptions);
        await Store.InsertAsync(record, new RecordChange(audit, []));
        return record.Id;
    }

    /// <summary>Runs the whole sample upgrade to Succeeded, with its timeline.</summary>
    public async Task<UpgradeRecordId> SucceededUpgradeAsync()
    {
        var id = await InsertConfiguringAsync();
        Clock.Reset(At(10));
        await Service.Commands.SaveConfigurationAsync(id, new ConfigurationFile("upgrade-config.yaml", "mode: maintenance\n"u8.ToArray(), At(10)), Alice);
        Clock.Reset(At(30));
        await Service.HostReports.StartAsync(id);
        await Service.HostReports.ReportTimelineEventsAsync(id, SampleEvents);
        Clock.Reset(At(115));
        await Service.HostReports.MarkStepsCompletedAsync(id);
        Clock.Reset(At(135));
        await Service.Commands.CompleteAsync(id, Alice);
        return id;
    }

    /// <summary>The sample's timeline events, in a deliberately scrambled order.</summary>
    public static readonly TimelineEvent[] SampleEvents =
    [
        E(K.ServiceStoppingFinished, "scheduler", At(34)),
        E(K.ServiceStoppingStarted, "api", At(31)),
        E(K.ServiceStoppingStarted, "scheduler", At(31, 5)),
        E(K.ServiceStoppingFinished, "api", At(33, 20)),
        E(K.DatabaseBackupStarted, "metadata", At(34, 10)),
        E(K.DatabaseBackupCompleted, "metadata", At(34, 10) + Duration.FromMilliseconds(400)),
        E(K.ServiceStartingStarted, "api", At(40)),
        E(K.ServiceStartingStarted, "scheduler", At(41)),
        E(K.ServiceStartingFinished, "api", At(52)),
        E(K.ServiceStartingFinished, "scheduler", At(55)),
        E(K.DataUpdateTaskStarted, "migrate-schema", At(56), link: "https://console.example/upgrade/tasks/migrate-schema"),
        E(K.DataUpdateTaskFinished, "migrate-schema", At(80), DataUpdateTaskOutcome.Success),
        E(K.DataUpdateTaskFinished, "legacy-cleanup", At(81), DataUpdateTaskOutcome.Skipped),
        E(K.DataServiceStudioUpgradeStarted, "dataservice-studio", At(91)),
        E(K.DataServiceStudioUpgradeCompleted, "dataservice-studio", At(110)),
    ];
}
