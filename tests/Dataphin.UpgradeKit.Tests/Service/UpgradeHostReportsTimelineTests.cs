using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Service;

public partial class UpgradeHostReportsTimelineTests
{
    private static readonly OperatorIdentity Alice = new("alice");
    private readonly InMemoryUpgradeStore _store = new();
    private readonly FakeClock _clock = new(T0);
    private readonly UpgradeKitFeatures _service;

    public UpgradeHostReportsTimelineTests()
    {
        _service = new UpgradeKitFeatures(_store, _clock);
    }

    private async Task<UpgradeRecord> StartedAsync(UpgradeMode mode = UpgradeMode.Maintenance)
    {
        var record = await _service.Commands.CreateAsync(
            new NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
                Mode = mode, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            }, Alice);
        _clock.Advance(Duration.FromMinutes(30));
        return await _service.HostReports.StartAsync(record.Id);
    }

    [Fact]
    public async Task ReportTimelineEvents_Accepted_StoredWithoutChangingTheRecord_R_TIME_9()
    {
        var record = await StartedAsync();

        var added = await _service.HostReports.ReportTimelineEventsAsync(record.Id,
            [E(K.ServiceStoppingStarted, "api", At(31)), E(K.ServiceStoppingFinished, "api", At(32))]);

        Assert.Equal(2, added);
        Assert.Equal(2, (await _store.ReadEventsAsync(record.Id)).Count);
        var after = await _service.Queries.GetAsync(record.Id);
        Assert.Equal(record.Version, after.Version);
        Assert.Equal(UpgradeStatus.Upgrading, after.Status);
    }

    [Fact]
    public async Task ReportTimelineEvents_SameEventsAgain_StoredOnce_R_TIME_9()
    {
        var record = await StartedAsync();
        TimelineEvent[] events = [E(K.DatabaseBackupStarted, "metadata", At(31)), E(K.DatabaseBackupStarted, "metadata", At(31))];

        var first = await _service.HostReports.ReportTimelineEventsAsync(record.Id, events);
        var second = await _service.HostReports.ReportTimelineEventsAsync(record.Id, events);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Single(await _store.ReadEventsAsync(record.Id));
    }

    [Fact]
    public async Task ReportTimelineEvents_UnknownRecord_NotFound()
    {
        var id = UpgradeRecordId.New(T0);

        var error = await Assert.ThrowsAsync<UpgradeRecordNotFoundException>(() =>
            _service.HostReports.ReportTimelineEventsAsync(id, [E(K.ServiceStoppingStarted, "api", At(1))]));

        Assert.Equal(id, error.RecordId);
        Assert.Empty(await _store.ReadEventsAsync(id));
    }

    [Fact]
    public async Task ReportTimelineEvents_ZeroDowntimeRecord_RefusedNothingStored_R_TIME_6()
    {
        var record = await StartedAsync(UpgradeMode.ZeroDowntime);

        var error = await Assert.ThrowsAsync<TimelineNotApplicableException>(() =>
            _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingStarted, "api", At(31))]));

        Assert.Equal(UpgradeMode.ZeroDowntime, error.Mode);
        Assert.Empty(await _store.ReadEventsAsync(record.Id));
    }

    [Fact]
    public async Task ReportTimelineEvents_NotStartedOrCanceled_Refused()
    {
        var record = await _service.Commands.CreateAsync(
            new NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
                Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
            }, Alice);
        await Assert.ThrowsAsync<TimelineNotApplicableException>(() =>
            _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingStarted, "api", At(1))]));

        await _service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", new byte[] { 1 }, T0), Alice);
        await _service.Commands.CancelAsync(record.Id, Alice);
        var error = await Assert.ThrowsAsync<TimelineNotApplicableException>(() =>
            _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingStarted, "api", At(1))]));

        Assert.Equal(UpgradeStatus.Canceled, error.Status);
        Assert.Empty(await _store.ReadEventsAsync(record.Id));
    }

    [Fact]
    public async Task ReportTimelineEvents_EndBeforeStoredStart_RejectedNothingStored_R_TIME_2()
    {
        var record = await StartedAsync();
        await _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingStarted, "api", At(40))]);

        var error = await Assert.ThrowsAsync<ImpossibleTimeException>(() => _service.HostReports.ReportTimelineEventsAsync(record.Id,
            [E(K.ServiceStoppingStarted, "scheduler", At(41)), E(K.ServiceStoppingFinished, "api", At(39))]));

        Assert.Equal(At(40), error.Start);
        Assert.Equal(At(39), error.End);
        Assert.Contains("api", error.What, StringComparison.Ordinal);
        Assert.Single(await _store.ReadEventsAsync(record.Id));
    }

    [Fact]
    public async Task ReportTimelineEvents_EndBeforeStartInSameBatch_Rejected_R_TIME_2()
    {
        var record = await StartedAsync();

        await Assert.ThrowsAsync<ImpossibleTimeException>(() => _service.HostReports.ReportTimelineEventsAsync(record.Id,
            [E(K.DataUpdateTaskFinished, "migrate", At(35), DataUpdateTaskOutcome.Success), E(K.DataUpdateTaskStarted, "migrate", At(36))]));

        Assert.Empty(await _store.ReadEventsAsync(record.Id));
    }

    [Fact]
    public async Task ReportTimelineEvents_StartAfterStoredFinishOfSameSubject_Rejected_R_TIME_2()
    {
        var record = await StartedAsync();
        await _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStartingFinished, "api", At(50))]);

        await Assert.ThrowsAsync<ImpossibleTimeException>(() =>
            _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStartingStarted, "api", At(51))]));
    }

    [Fact]
    public async Task ReportTimelineEvents_EndEqualToStartOrOtherSubject_Accepted_R_TIME_2()
    {
        var record = await StartedAsync();
        await _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingStarted, "api", At(40))]);

        var added = await _service.HostReports.ReportTimelineEventsAsync(record.Id,
            [E(K.ServiceStoppingFinished, "api", At(40)), E(K.ServiceStoppingFinished, "scheduler", At(39)), E(K.DatabaseBackupCompleted, "api", At(39))]);

        Assert.Equal(3, added);
    }

    [Fact]
    public async Task ReportTimelineEvents_FinishNeverStarted_Accepted_R_TIME_7()
    {
        var record = await StartedAsync();

        var added = await _service.HostReports.ReportTimelineEventsAsync(record.Id,
            [E(K.DataUpdateTaskFinished, "optional-cleanup", At(45), DataUpdateTaskOutcome.Skipped)]);

        Assert.Equal(1, added);
    }

    [Fact]
    public async Task ReportTimelineEvents_AfterTerminalStatus_KeptForTheLogStatusUnchanged()
    {
        var record = await StartedAsync();
        var stopped = await _service.Commands.StopAsync(record.Id, Alice, new StopOptions(false));

        var added = await _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingFinished, "api", At(60))]);

        Assert.Equal(1, added);
        var after = await _service.Queries.GetAsync(record.Id);
        Assert.Equal(UpgradeStatus.Stopped, after.Status);
        Assert.Equal(stopped.Version, after.Version);
    }

    [Fact]
    public async Task ReportTimelineEvents_NotAudited_TrailHoldsOnlyLifecycleEntries()
    {
        var record = await StartedAsync();
        var before = (await _service.Queries.GetAuditTrailAsync(record.Id)).Count;

        await _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingStarted, "api", At(31))]);

        Assert.Equal(before, (await _service.Queries.GetAuditTrailAsync(record.Id)).Count);
    }

    [Fact]
    public async Task ReportTimelineEvents_FinishedTaskWithoutOutcome_RefusedNothingStored_R_TIME_8()
    {
        var record = await StartedAsync();
        var noOutcome = new TimelineEvent { Kind = K.DataUpdateTaskFinished, Subject = "migrate", At = At(41) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _service.HostReports.ReportTimelineEventsAsync(record.Id,
            [E(K.ServiceStoppingStarted, "api", At(40)), noOutcome]));

        Assert.Equal("events", error.ParamName);
        Assert.Empty(await _store.ReadEventsAsync(record.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AppendEventsAsync(record.Id, [noOutcome]));
        Assert.Empty(await _store.ReadEventsAsync(record.Id));
    }

    [Fact]
    public async Task ReportTimelineEvents_NullEvent_ArgumentError()
    {
        var record = await StartedAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => _service.HostReports.ReportTimelineEventsAsync(record.Id, [null!]));
    }
}
