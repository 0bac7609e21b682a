using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Projections;

public partial class RecordProjectionsTests
{
    private static readonly Duration OneSecond = Duration.FromSeconds(1);

    private static TimelineNodeView Node(ViewLogPanel panel, TimelineNodeKind kind) => panel.Timeline!.Single(n => n.Node == kind);

    private static ViewLogPanel Log(params TimelineEvent[] events) =>
        RecordProjections.ToViewLog(Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30)), events, DisplayContext.Default, OneSecond, configurationDownloadable: false);

    [Fact]
    public void ToViewLog_NodeNotStarted_ShowsNoTime_R_TIME_7()
    {
        var node = Node(Log(), TimelineNodeKind.StopServices);

        Assert.Equal(TimelineNodeState.NotStarted, node.State);
        Assert.Equal(string.Empty, node.Text);
        Assert.Null(node.Start);
        Assert.Null(node.End);
    }

    [Fact]
    public void ToViewLog_NodeStartedNotFinished_ShowsStartAndTilde_R_TIME_7()
    {
        var node = Node(Log(E(K.ServiceStoppingStarted, "api", At(31, 5))), TimelineNodeKind.StopServices);

        Assert.Equal(TimelineNodeState.Running, node.State);
        Assert.Equal("2026-03-29 00:31:05 ~", node.Text);
        Assert.Equal("2026-03-29 00:31:05", node.Start);
        Assert.Null(node.End);
    }

    [Fact]
    public void ToViewLog_NodeFinishedUnderThreshold_ShowsOnlyCompletionTime_R_TIME_7()
    {
        var node = Node(Log(E(K.DatabaseBackupStarted, "db", At(34, 10)), E(K.DatabaseBackupCompleted, "db", At(34, 10) + Duration.FromMilliseconds(999))),
            TimelineNodeKind.DatabaseBackup);

        Assert.Equal("2026-03-29 00:34:10", node.Text);
        Assert.Null(node.Start);
        Assert.Equal("2026-03-29 00:34:10", node.End);
    }

    [Fact]
    public void ToViewLog_NodeFinishedAtThreshold_ShowsStartAndEnd_R_TIME_7()
    {
        var node = Node(Log(E(K.DatabaseBackupStarted, "db", At(34, 10)), E(K.DatabaseBackupCompleted, "db", At(34, 11))), TimelineNodeKind.DatabaseBackup);

        Assert.Equal("2026-03-29 00:34:10 ~ 2026-03-29 00:34:11", node.Text);
        Assert.Equal("2026-03-29 00:34:10", node.Start);
        Assert.Equal("2026-03-29 00:34:11", node.End);
    }

    [Fact]
    public void ToViewLog_ThresholdIsConfigurable_R_TIME_7()
    {
        TimelineEvent[] events = [E(K.ServiceStartingStarted, "api", At(40)), E(K.ServiceStartingFinished, "api", At(42))];
        var record = Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30));

        var strict = RecordProjections.ToViewLog(record, events, DisplayContext.Default, OneSecond, configurationDownloadable: false);
        var lenient = RecordProjections.ToViewLog(record, events, DisplayContext.Default, Duration.FromMinutes(5), configurationDownloadable: false);

        Assert.Equal("2026-03-29 00:40:00 ~ 2026-03-29 00:42:00", Node(strict, TimelineNodeKind.UpgradeServices).Text);
        Assert.Equal("2026-03-29 00:42:00", Node(lenient, TimelineNodeKind.UpgradeServices).Text);
    }

    [Fact]
    public void ToViewLog_NegativeThreshold_Rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            RecordProjections.ToViewLog(Record(UpgradeStatus.Succeeded), [], DisplayContext.Default, Duration.FromSeconds(-1), configurationDownloadable: false));

    [Fact]
    public void ToViewLog_NoDataUpdateTasks_DataUpdateNodeNotShownOthersAre_R_TIME_8()
    {
        var panel = Log(E(K.ServiceStoppingStarted, "api", At(31)));

        Assert.Equal(
            [TimelineNodeKind.StopServices, TimelineNodeKind.DatabaseBackup, TimelineNodeKind.UpgradeServices, TimelineNodeKind.DataServiceStudioUpgrade],
            panel.Timeline!.Select(n => n.Node));
    }

    [Fact]
    public void ToViewLog_DataUpdateTasks_EachWithStatusTimesAndLink_R_TIME_8()
    {
        var node = Node(Log(
            E(K.DataUpdateTaskStarted, "migrate", At(56), link: "https://host/t/1"),
            E(K.DataUpdateTaskFinished, "migrate", At(80), DataUpdateTaskOutcome.Failed),
            E(K.DataUpdateTaskFinished, "cleanup", At(81), DataUpdateTaskOutcome.Skipped),
            E(K.DataUpdateTaskStarted, "reindex", At(82))), TimelineNodeKind.DataUpdate);

        Assert.Equal("Data update", node.Name);
        Assert.Collection(node.Tasks,
            t =>
            {
                Assert.Equal(("migrate", DataUpdateTaskStatus.Failed, "Failed"), (t.Name, t.Status.Code, t.Status.Name));
                Assert.Equal(("2026-03-29 00:56:00", "2026-03-29 01:20:00", "https://host/t/1"), (t.Start, t.End, t.DetailsLink));
            },
            t =>
            {
                Assert.Equal(("cleanup", DataUpdateTaskStatus.Skipped, "Skipped"), (t.Name, t.Status.Code, t.Status.Name));
                Assert.Equal(("-", "2026-03-29 01:21:00", null), (t.Start, t.End, t.DetailsLink));
            },
            t =>
            {
                Assert.Equal(("reindex", DataUpdateTaskStatus.Running, "Running"), (t.Name, t.Status.Code, t.Status.Name));
                Assert.Equal(("2026-03-29 01:22:00", "-"), (t.Start, t.End));
            });
        Assert.Equal("2026-03-29 00:56:00 ~", node.Text);
    }

    [Fact]
    public void ToViewLog_ZeroDowntime_NoMaintenanceAndNoTimeline_R_TIME_6()
    {
        var record = Record(UpgradeStatus.Succeeded, UpgradeMode.ZeroDowntime, upgradeStart: At(30), upgradeEnd: At(90));

        var panel = RecordProjections.ToViewLog(record, [E(K.ServiceStoppingStarted, "api", At(31))], DisplayContext.Default, OneSecond, configurationDownloadable: false);

        Assert.Null(panel.Maintenance);
        Assert.Null(panel.Timeline);
        Assert.Equal("001:00:00", panel.Upgrade.Total);
    }

    [Fact]
    public void ToViewLog_Canceled_UpgradeAndMaintenanceAllDashes_R_TIME_3()
    {
        var panel = RecordProjections.ToViewLog(Record(UpgradeStatus.Canceled), [], DisplayContext.Default, OneSecond, configurationDownloadable: false);

        Assert.Equal(new TimeRangeView { StartedAt = null, EndedAt = null, Start = "-", End = "-", Total = "-" }, panel.Upgrade);
        Assert.Equal(new TimeRangeView { StartedAt = null, EndedAt = null, Start = "-", End = "-", Total = "-" }, panel.Maintenance);
    }

    [Fact]
    public void ToListRow_Canceled_StartsAndDurationsAreDashes_R_TIME_3()
    {
        var record = Record(UpgradeStatus.Canceled);

        var row = RecordProjections.ToListRow(record, new Dataphin.UpgradeKit.Actions.ActionEligibilityPolicy().Evaluate(record, ProjectionScenario.Alice), DisplayContext.Default);

        Assert.Equal(("-", "-", "-", "-"), (row.UpgradeStart, row.UpgradeDuration, row.MaintenanceStart, row.MaintenanceDuration));
        Assert.Equal("Canceled", row.Status.Name);
    }

    [Fact]
    public void ToListRow_ZeroDowntime_MaintenanceColumnsAreDashes_R_TIME_6()
    {
        var record = Record(UpgradeStatus.Succeeded, UpgradeMode.ZeroDowntime, upgradeStart: At(30), upgradeEnd: At(45, 30));

        var row = RecordProjections.ToListRow(record, new Dataphin.UpgradeKit.Actions.ActionEligibilityPolicy().Evaluate(record, ProjectionScenario.Alice), DisplayContext.Default);

        Assert.Equal(("2026-03-29 00:30:00", "000:15:30"), (row.UpgradeStart, row.UpgradeDuration));
        Assert.Equal(("-", "-"), (row.MaintenanceStart, row.MaintenanceDuration));
        Assert.Null(row.MaintenanceStartedAt);
        Assert.Equal("Zero-downtime upgrade", row.Mode.Name);
    }

    [Fact]
    public void ToListRow_Running_StartShownDurationDash_R_TIME_5()
    {
        var record = Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30));

        var row = RecordProjections.ToListRow(record, new Dataphin.UpgradeKit.Actions.ActionEligibilityPolicy().Evaluate(record, ProjectionScenario.Alice), DisplayContext.Default);

        Assert.Equal(("2026-03-29 00:30:00", "-"), (row.UpgradeStart, row.UpgradeDuration));
        Assert.Equal(("2026-03-29 00:30:00", "-"), (row.MaintenanceStart, row.MaintenanceDuration));
    }

    [Fact]
    public void ToListRow_LongUpgrade_DurationKeepsAllHourDigits_R_TIME_1()
    {
        var end = At(30) + Duration.FromHours(1234) + Duration.FromMinutes(5) + Duration.FromSeconds(6);
        var record = Record(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: end, maintenanceStart: At(30), maintenanceEnd: At(30));

        var row = RecordProjections.ToListRow(record, new Dataphin.UpgradeKit.Actions.ActionEligibilityPolicy().Evaluate(record, ProjectionScenario.Alice), DisplayContext.Default);

        Assert.Equal("1234:05:06", row.UpgradeDuration);
        Assert.Equal("000:00:00", row.MaintenanceDuration);
    }
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ToViewLog_SavedConfiguration_ShowsTheFileAndTheLifecyclesAnswer_R_LOG_1(bool downloadable)
    {
        var file = new ConfigurationFileInfo("upgrade-config.yaml", T0);

        var panel = RecordProjections.ToViewLog(Record(UpgradeStatus.Stopped, configuration: file), [], DisplayContext.Default, OneSecond, downloadable);

        Assert.Equal(new ConfigurationFileView { FileName = "upgrade-config.yaml", Downloadable = downloadable }, panel.ConfigurationFile);
    }
}
