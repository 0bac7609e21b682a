using System.Text.Json;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Projections;

/// <summary>
/// The timeline's raw geometry (R-VIS-1): offsets from the upgrade's start and lengths in milliseconds beside the texts,
/// the idle gaps, null where a time is missing, and a node that will never finish told apart from a running one.
/// Expected figures are worked out by hand from the event times below.
/// </summary>
public partial class RecordProjectionsTests
{
    // Upgrade 00:30 → 01:30. Stop services 00:31 → 00:33, backup 00:33 → 00:40, upgrade services 00:45 → 00:50,
    // data update 00:50 → 01:05 (tasks a 00:50 → 00:55 and b 00:56 → 01:05), studio 01:06 → 01:08; the upgrade ends at
    // 01:30, 22 minutes of verification after the last node.
    private static readonly TimelineEvent[] FinishedUpgradeEvents =
    [
        E(K.ServiceStoppingStarted, "api", At(31)), E(K.ServiceStoppingFinished, "api", At(33)),
        E(K.DatabaseBackupStarted, "db", At(33)), E(K.DatabaseBackupCompleted, "db", At(40)),
        E(K.ServiceStartingStarted, "api", At(45)), E(K.ServiceStartingFinished, "api", At(50)),
        E(K.DataUpdateTaskStarted, "a", At(50)), E(K.DataUpdateTaskFinished, "a", At(55), DataUpdateTaskOutcome.Success),
        E(K.DataUpdateTaskStarted, "b", At(56)), E(K.DataUpdateTaskFinished, "b", At(65), DataUpdateTaskOutcome.Failed),
        E(K.DataServiceStudioUpgradeStarted, "studio", At(66)), E(K.DataServiceStudioUpgradeCompleted, "studio", At(68)),
    ];

    private static ViewLogPanel LogOf(UpgradeRecord record, params TimelineEvent[] events) =>
        RecordProjections.ToViewLog(record, events, DisplayContext.Default, OneSecond, configurationDownloadable: false);

    private static long Minutes(int m) => m * 60_000L;

    [Fact]
    public void ToViewLog_FinishedUpgrade_EveryNodeAndTaskHasOffsetAndDurationInMilliseconds_R_VIS_1()
    {
        var panel = LogOf(Record(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: At(90), maintenanceStart: At(30), maintenanceEnd: At(90)),
            FinishedUpgradeEvents);

        var geometry = panel.Timeline!.Select(n => (n.Node, n.OffsetMilliseconds, n.DurationMilliseconds, n.DurationState)).ToList();
        Assert.Equal(
            [
                (TimelineNodeKind.StopServices, Minutes(1), Minutes(2), DurationState.Known),
                (TimelineNodeKind.DatabaseBackup, Minutes(3), Minutes(7), DurationState.Known),
                (TimelineNodeKind.UpgradeServices, Minutes(15), Minutes(5), DurationState.Known),
                (TimelineNodeKind.DataUpdate, Minutes(20), Minutes(15), DurationState.Known),
                (TimelineNodeKind.DataServiceStudioUpgrade, Minutes(36), Minutes(2), DurationState.Known),
            ],
            geometry);
        var tasks = Node(panel, TimelineNodeKind.DataUpdate).Tasks.Select(t => (t.Name, t.OffsetMilliseconds, t.DurationMilliseconds, t.DurationState));
        Assert.Equal([("a", Minutes(20), Minutes(5), DurationState.Known), ("b", Minutes(26), Minutes(9), DurationState.Known)], tasks);
    }

    [Fact]
    public void ToViewLog_FinishedUpgrade_GapsBetweenNodesAndVerificationAfterTheLast_R_VIS_1()
    {
        var panel = LogOf(Record(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: At(90), maintenanceStart: At(30), maintenanceEnd: At(90)),
            FinishedUpgradeEvents);

        var gaps = panel.TimelineGaps!.Select(g => (g.After, g.Before, g.OffsetMilliseconds, g.DurationMilliseconds, g.Duration)).ToList();
        Assert.Equal(
            [
                (null, TimelineNodeKind.StopServices, 0L, Minutes(1), "000:01:00"),
                (TimelineNodeKind.DatabaseBackup, TimelineNodeKind.UpgradeServices, Minutes(10), Minutes(5), "000:05:00"),
                (TimelineNodeKind.DataUpdate, TimelineNodeKind.DataServiceStudioUpgrade, Minutes(35), Minutes(1), "000:01:00"),
                (TimelineNodeKind.DataServiceStudioUpgrade, null, Minutes(38), Minutes(22), "000:22:00"),
            ],
            gaps);
    }

    [Fact]
    public void ToViewLog_OverlappingNodes_NoGapWhileAnyNodeRuns_R_VIS_1()
    {
        // Backup 00:31 → 00:50 covers stop services 00:32 → 00:35 and upgrade services starting at 00:40.
        var panel = LogOf(Record(UpgradeStatus.Succeeded, upgradeStart: At(31), upgradeEnd: At(60), maintenanceStart: At(31), maintenanceEnd: At(60)),
            E(K.DatabaseBackupStarted, "db", At(31)), E(K.DatabaseBackupCompleted, "db", At(50)),
            E(K.ServiceStoppingStarted, "api", At(32)), E(K.ServiceStoppingFinished, "api", At(35)),
            E(K.ServiceStartingStarted, "api", At(40)), E(K.ServiceStartingFinished, "api", At(45)));

        var gap = Assert.Single(panel.TimelineGaps!);
        Assert.Equal((TimelineNodeKind.DatabaseBackup, (TimelineNodeKind?)null, Minutes(19), Minutes(10)), (gap.After, gap.Before, gap.OffsetMilliseconds, gap.DurationMilliseconds));
    }

    [Fact]
    public void ToViewLog_ForceStoppedNodeNeverFinishes_UnknownNotRunning_R_VIS_1()
    {
        var events = new[] { E(K.ServiceStartingStarted, "api", At(45)), E(K.DataUpdateTaskStarted, "a", At(50)) };

        var forceStopped = LogOf(Record(UpgradeStatus.ForceStoppedFailed, upgradeStart: At(30), upgradeEnd: At(70), maintenanceStart: At(30)), events);
        var running = LogOf(Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30)), events);

        var stopped = Node(forceStopped, TimelineNodeKind.UpgradeServices);
        var live = Node(running, TimelineNodeKind.UpgradeServices);
        Assert.Equal((TimelineNodeState.Running, DurationState.Unknown, Minutes(15), (long?)null), (stopped.State, stopped.DurationState, stopped.OffsetMilliseconds, stopped.DurationMilliseconds));
        Assert.Equal((TimelineNodeState.Running, DurationState.Running, Minutes(15), (long?)null), (live.State, live.DurationState, live.OffsetMilliseconds, live.DurationMilliseconds));
        Assert.Equal(DurationState.Unknown, Node(forceStopped, TimelineNodeKind.DataUpdate).Tasks.Single().DurationState);
        Assert.Equal(DurationState.Running, Node(running, TimelineNodeKind.DataUpdate).Tasks.Single().DurationState);
    }

    [Fact]
    public void ToViewLog_MissingTimes_RawFieldsNullNeverDash_R_VIS_1()
    {
        // A node not started, a task reported only as finished (a skipped step): no start to measure from.
        var panel = LogOf(Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30)),
            E(K.DataUpdateTaskFinished, "skipped", At(40), DataUpdateTaskOutcome.Skipped));

        var json = Json(panel);
        var stop = json.GetProperty("timeline").EnumerateArray().First(n => n.GetProperty("node").GetString() == "stopServices");
        Assert.Equal(JsonValueKind.Null, stop.GetProperty("offsetMilliseconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, stop.GetProperty("durationMilliseconds").ValueKind);
        Assert.Equal("notApplicable", stop.GetProperty("durationState").GetString());
        var task = json.GetProperty("timeline").EnumerateArray().First(n => n.GetProperty("node").GetString() == "dataUpdate").GetProperty("tasks")[0];
        Assert.Equal("-", task.GetProperty("start").GetString());
        Assert.Equal(Minutes(10), task.GetProperty("offsetMilliseconds").GetInt64());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("durationMilliseconds").ValueKind);
        Assert.Equal("unknown", task.GetProperty("durationState").GetString());
    }

    [Fact]
    public void ToViewLog_RunningUpgrade_NoGapAfterTheRunningNode_R_VIS_1()
    {
        var panel = LogOf(Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30)),
            E(K.ServiceStoppingStarted, "api", At(32)), E(K.ServiceStoppingFinished, "api", At(33)), E(K.DatabaseBackupStarted, "db", At(35)));

        var gaps = panel.TimelineGaps!.Select(g => (g.After, g.Before, g.OffsetMilliseconds)).ToList();
        Assert.Equal([(null, TimelineNodeKind.StopServices, 0L), (TimelineNodeKind.StopServices, TimelineNodeKind.DatabaseBackup, Minutes(3))], gaps);
    }

    [Fact]
    public void ToViewLog_ZeroDowntime_NoTimelineNoGaps_R_TIME_6()
    {
        var panel = LogOf(Record(UpgradeStatus.Succeeded, mode: UpgradeMode.ZeroDowntime, upgradeStart: At(30), upgradeEnd: At(40)));

        Assert.Null(panel.Timeline);
        Assert.Null(panel.TimelineGaps);
        Assert.Equal(JsonValueKind.Null, Json(panel).GetProperty("timelineGaps").ValueKind);
    }
}
