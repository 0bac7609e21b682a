using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Projections.ProjectionScenario;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Projections;

public partial class RecordProjectionsTests
{
    [Fact]
    public async Task ViewLogAsync_Succeeded_HoldsEverySectionOfTheLog_R_LOG_1()
    {
        var scenario = ProjectionScenario.Create();
        var id = await scenario.SucceededUpgradeAsync();

        var panel = await scenario.Service.Queries.ViewLogAsync(id, Alice, DisplayContext.Default);

        Assert.Equal((UpgradeStatus.Succeeded, "Upgrade Succeeded"), (panel.Status.Code, panel.Status.Name));
        Assert.Equal(new ConfigurationFileView { FileName = "upgrade-config.yaml", Length = 18, Downloadable = true }, panel.ConfigurationFile);
        Assert.Equal("Maintenance upgrade", panel.Mode.Name);
        Assert.Equal("Upgrade together", panel.DataServiceStudioMode.Name);
        // 00:30 to 02:15 is 105 minutes: 6300 seconds beside the text.
        var expected = new TimeRangeView
        {
            StartedAt = At(30),
            EndedAt = At(135),
            Start = "2026-03-29 00:30:00",
            End = "2026-03-29 02:15:00",
            Total = "001:45:00",
            TotalSeconds = 105 * 60,
            State = DurationState.Known,
        };
        Assert.Equal(expected, panel.Upgrade);
        Assert.Equal(expected, panel.Maintenance);
        Assert.Equal(5, panel.Timeline!.Count);
        Assert.All(panel.Timeline, n => Assert.Equal(TimelineNodeState.Finished, n.State));
        Assert.Equal("2026-03-29 00:34:10", panel.Timeline.Single(n => n.Node == TimelineNodeKind.DatabaseBackup).Text);
    }

    [Fact]
    public async Task ViewLogAsync_IsAuditedAsViewLogNamingItsOperator_R_SM_7()
    {
        var scenario = ProjectionScenario.Create();
        var id = await scenario.SucceededUpgradeAsync();

        await scenario.Service.Queries.ViewLogAsync(id, Alice, DisplayContext.Default);

        var last = (await scenario.Service.Queries.GetAuditTrailAsync(id))[^1];
        Assert.Equal((UpgradeOperation.ViewLog, AuditOutcome.Accepted, "alice"), (last.Operation, last.Outcome, last.Actor));
    }

    [Fact]
    public async Task ViewLogAsync_ForceStopped_UpgradeEndIsForceStopMaintenanceEndDash_R_TIME_4()
    {
        var scenario = ProjectionScenario.Create();
        var id = await scenario.InsertConfiguringAsync();
        scenario.Clock.Reset(At(30));
        await scenario.Service.HostReports.StartAsync(id);
        scenario.Clock.Reset(At(30) + Duration.FromHours(1) + Duration.FromMinutes(2) + Duration.FromSeconds(3));
        await scenario.Service.Commands.ForceStopAsync(id, Bob, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = OperatorReason.Parse("finished by hand") });

        var panel = await scenario.Service.Queries.ViewLogAsync(id, Alice, DisplayContext.Default);
        var row = (await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), Alice, DisplayContext.Default)).Rows.Single();

        Assert.Equal(("2026-03-29 00:30:00", "2026-03-29 01:32:03", "001:02:03"), (panel.Upgrade.Start, panel.Upgrade.End, panel.Upgrade.Total));
        Assert.Equal(("2026-03-29 00:30:00", "-", "-"), (panel.Maintenance!.Start, panel.Maintenance.End, panel.Maintenance.Total));
        Assert.Equal(("001:02:03", "-"), (row.UpgradeDuration, row.MaintenanceDuration));
        Assert.Equal("Force-Stopped and Marked as Failed", panel.Status.Name);
        Assert.Equal(new ConfigurationFileView { FileName = null, Downloadable = false }, panel.ConfigurationFile);
    }

    [Fact]
    public async Task ViewLogAsync_ZeroDowntime_NoMaintenanceNoTimeline_R_TIME_6()
    {
        var scenario = ProjectionScenario.Create();
        var id = await scenario.InsertConfiguringAsync(UpgradeMode.ZeroDowntime);
        scenario.Clock.Reset(At(30));
        await scenario.Service.HostReports.StartAsync(id);
        scenario.Clock.Reset(At(40));
        await scenario.Service.Commands.StopAsync(id, Alice, new StopOptions(false));

        var panel = await scenario.Service.Queries.ViewLogAsync(id, Alice, DisplayContext.Default);

        Assert.Null(panel.Maintenance);
        Assert.Null(panel.Timeline);
        Assert.Equal("000:10:00", panel.Upgrade.Total);
    }

    [Theory]
    [InlineData(UpgradeStatus.Failed)]
    [InlineData(UpgradeStatus.Canceled)]
    [InlineData(UpgradeStatus.Upgrading)]
    [InlineData(UpgradeStatus.Configuring)]
    [InlineData(UpgradeStatus.Verifying)]
    public async Task ViewLogAsync_WhereViewLogNotOffered_RefusedAndAudited_R_LOG_2(UpgradeStatus status)
    {
        var scenario = ProjectionScenario.Create();
        var record = Record(status, upgradeStart: At(30), maintenanceStart: At(30));
        await scenario.Store.InsertAsync(record, new RecordChange(new AuditEntry(record.Id, T0, "alice", UpgradeOperation.Create,
            AuditOutcome.Accepted, null, status, ActionReasonCode.None, 1, AuditEntry.NoOptions), []));

        var error = await Assert.ThrowsAsync<OperationNotPermittedException>(() => scenario.Service.Queries.ViewLogAsync(record.Id, Alice, DisplayContext.Default));

        Assert.Equal((UpgradeOperation.ViewLog, ActionReasonCode.StatusNotEligible), (error.Operation, error.Reason));
        var last = (await scenario.Service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal((UpgradeOperation.ViewLog, AuditOutcome.Refused), (last.Operation, last.Outcome));
    }

    [Fact]
    public async Task ListRowsAsync_NewestFirstPagedWithOperatorsActions_R_LIST_2_R_ACT_3()
    {
        var scenario = ProjectionScenario.Create();
        var older = await scenario.InsertConfiguringAsync(id: UpgradeRecordId.Parse("0195e0a1b2c37d4e8f9a0b1c2d3e4f51"));
        scenario.Clock.Reset(At(1));
        var newer = await scenario.InsertConfiguringAsync(id: UpgradeRecordId.Parse("0195e0a1b2c37d4e8f9a0b1c2d3e4f52"));
        await scenario.Service.HostReports.StartAsync(newer);

        var first = await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery { PageSize = 1 }, Alice, DisplayContext.Default);
        var second = await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery { PageSize = 1, ContinuationToken = first.ContinuationToken }, Bob, DisplayContext.Default);

        var newest = Assert.Single(first.Rows);
        Assert.Equal(newer, newest.Id);
        Assert.Equal(older, Assert.Single(second.Rows).Id);
        var forceStop = newest.Actions.Single(a => a.Action == UpgradeAction.ForceStop);
        Assert.False(forceStop.Offered);
        Assert.Equal(ActionReasonCode.OperatorNotQualified, forceStop.Reason);
        Assert.Equal("Only qualified O&M engineers can force-stop an upgrade.", forceStop.Explanation);
        Assert.Equal("Force-stop upgrade", forceStop.Name);
        Assert.Equal(2, newest.RecordVersion);
    }
}
