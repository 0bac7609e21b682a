using Dataphin.UpgradeKit.Timeline;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Timeline;

public partial class TimelineAggregatorTests
{
    [Fact]
    public void Aggregate_NoEvents_FiveNodesInSpecOrderNoneStarted_R_TIME_7()
    {
        var timeline = TimelineAggregator.Aggregate([]);

        Assert.Equal(
            [TimelineNodeKind.StopServices, TimelineNodeKind.DatabaseBackup, TimelineNodeKind.UpgradeServices,
             TimelineNodeKind.DataUpdate, TimelineNodeKind.DataServiceStudioUpgrade],
            timeline.Nodes.Select(n => n.Kind));
        Assert.All(timeline.Nodes, n =>
        {
            Assert.Equal(TimelineNodeState.NotStarted, n.State);
            Assert.Null(n.StartedAt);
            Assert.Null(n.EndedAt);
        });
    }

    [Fact]
    public void Aggregate_NoDataUpdateTasks_DataUpdateNodeNotShown_R_TIME_8()
    {
        var timeline = TimelineAggregator.Aggregate([E(K.ServiceStoppingStarted, "api", At(1))]);

        Assert.False(timeline[TimelineNodeKind.DataUpdate].IsShown);
        Assert.True(timeline[TimelineNodeKind.StopServices].IsShown);
        Assert.True(timeline[TimelineNodeKind.DataServiceStudioUpgrade].IsShown);
    }

    [Fact]
    public void Aggregate_StopServices_FirstStartToLastFinish_R_TIME_7()
    {
        var timeline = TimelineAggregator.Aggregate(
        [
            E(K.ServiceStoppingStarted, "scheduler", At(2)),
            E(K.ServiceStoppingStarted, "api", At(1)),
            E(K.ServiceStoppingFinished, "api", At(3)),
            E(K.ServiceStoppingStarted, "gateway", At(4)),
            E(K.ServiceStoppingFinished, "scheduler", At(9)),
            E(K.ServiceStoppingFinished, "gateway", At(5)),
        ]);

        var node = timeline[TimelineNodeKind.StopServices];
        Assert.Equal(TimelineNodeState.Finished, node.State);
        Assert.Equal(At(1), node.StartedAt);
        Assert.Equal(At(9), node.EndedAt);
        Assert.Empty(node.Tasks);
    }

    [Fact]
    public void Aggregate_OneSubjectNotFinished_NodeRunningWithStartOnly_R_TIME_7()
    {
        var timeline = TimelineAggregator.Aggregate(
        [
            E(K.DatabaseBackupStarted, "metadata", At(10)),
            E(K.DatabaseBackupCompleted, "metadata", At(12)),
            E(K.DatabaseBackupStarted, "warehouse", At(11)),
        ]);

        var node = timeline[TimelineNodeKind.DatabaseBackup];
        Assert.Equal(TimelineNodeState.Running, node.State);
        Assert.Equal(At(10), node.StartedAt);
        Assert.Null(node.EndedAt);
        Assert.Null(node.Duration);
    }

    [Fact]
    public void Aggregate_EachNodeFromItsOwnEventKinds()
    {
        var timeline = TimelineAggregator.Aggregate(
        [
            E(K.ServiceStartingStarted, "api", At(20)),
            E(K.ServiceStartingFinished, "api", At(22)),
            E(K.DataServiceStudioUpgradeStarted, "dss", At(30)),
        ]);

        Assert.Equal(TimelineNodeState.NotStarted, timeline[TimelineNodeKind.StopServices].State);
        Assert.Equal(TimelineNodeState.Finished, timeline[TimelineNodeKind.UpgradeServices].State);
        Assert.Equal(At(22), timeline[TimelineNodeKind.UpgradeServices].EndedAt);
        Assert.Equal(TimelineNodeState.Running, timeline[TimelineNodeKind.DataServiceStudioUpgrade].State);
    }

    [Fact]
    public void Aggregate_DataUpdate_ListsEachTaskWithStatusTimesAndLink_R_TIME_8()
    {
        var timeline = TimelineAggregator.Aggregate(
        [
            E(K.DataUpdateTaskStarted, "migrate-schema", At(40), link: "https://host/tasks/1"),
            E(K.DataUpdateTaskFinished, "migrate-schema", At(42), DataUpdateTaskOutcome.Success),
            E(K.DataUpdateTaskStarted, "rebuild-index", At(41)),
            E(K.DataUpdateTaskFinished, "rebuild-index", At(44), DataUpdateTaskOutcome.Failed, "https://host/tasks/2"),
            E(K.DataUpdateTaskFinished, "optional-cleanup", At(45), DataUpdateTaskOutcome.Skipped),
        ]);

        var node = timeline[TimelineNodeKind.DataUpdate];
        Assert.True(node.IsShown);
        Assert.Equal(TimelineNodeState.Finished, node.State);
        Assert.Equal(At(40), node.StartedAt);
        Assert.Equal(At(45), node.EndedAt);
        Assert.Equal(
        [
            new DataUpdateTask { Name = "migrate-schema", Status = DataUpdateTaskStatus.Success, StartedAt = At(40), EndedAt = At(42), DetailsLink = "https://host/tasks/1" },
            new DataUpdateTask { Name = "rebuild-index", Status = DataUpdateTaskStatus.Failed, StartedAt = At(41), EndedAt = At(44), DetailsLink = "https://host/tasks/2" },
            new DataUpdateTask { Name = "optional-cleanup", Status = DataUpdateTaskStatus.Skipped, StartedAt = null, EndedAt = At(45), DetailsLink = null },
        ], node.Tasks);
    }

    [Fact]
    public void Aggregate_TaskStartedNotFinished_IsRunningAndKeepsNodeRunning_R_TIME_8()
    {
        var timeline = TimelineAggregator.Aggregate(
        [
            E(K.DataUpdateTaskStarted, "a", At(40)),
            E(K.DataUpdateTaskFinished, "a", At(41), DataUpdateTaskOutcome.Success),
            E(K.DataUpdateTaskStarted, "b", At(42)),
        ]);

        var node = timeline[TimelineNodeKind.DataUpdate];
        Assert.Equal(TimelineNodeState.Running, node.State);
        Assert.Equal(DataUpdateTaskStatus.Running, node.Tasks.Single(t => t.Name == "b").Status);
        Assert.Null(node.Tasks.Single(t => t.Name == "b").EndedAt);
    }

    [Fact]
    public void Aggregate_FinishWithoutStart_NodeStartsAndEndsAtThatFinish_R_TIME_7()
    {
        var timeline = TimelineAggregator.Aggregate([E(K.ServiceStoppingFinished, "api", At(7))]);

        var node = timeline[TimelineNodeKind.StopServices];
        Assert.Equal(TimelineNodeState.Finished, node.State);
        Assert.Equal(At(7), node.StartedAt);
        Assert.Equal(At(7), node.EndedAt);
    }

    [Fact]
    public void Aggregate_EndBeforeItsSubjectsStart_IsIgnoredSubjectStaysRunning_R_TIME_2()
    {
        // Only a race between two reporters can store this; it must never show as a negative span.
        var timeline = TimelineAggregator.Aggregate(
        [
            E(K.ServiceStoppingStarted, "api", At(10)),
            E(K.ServiceStoppingFinished, "api", At(5)),
        ]);

        var node = timeline[TimelineNodeKind.StopServices];
        Assert.Equal(TimelineNodeState.Running, node.State);
        Assert.Equal(At(10), node.StartedAt);
        Assert.Null(node.EndedAt);
    }

    [Fact]
    public void Aggregate_SubjectRestarted_StartIsEarliestEndIsLatest_R_TIME_9()
    {
        var timeline = TimelineAggregator.Aggregate(
        [
            E(K.DataUpdateTaskStarted, "a", At(1)),
            E(K.DataUpdateTaskFinished, "a", At(2), DataUpdateTaskOutcome.Failed),
            E(K.DataUpdateTaskStarted, "a", At(3)),
            E(K.DataUpdateTaskFinished, "a", At(4), DataUpdateTaskOutcome.Success),
        ]);

        Assert.Equal(new DataUpdateTask { Name = "a", Status = DataUpdateTaskStatus.Success, StartedAt = At(1), EndedAt = At(4), DetailsLink = null }, timeline[TimelineNodeKind.DataUpdate].Tasks.Single());
    }

    [Fact]
    public void Aggregate_TwoFinishesAtTheSameInstant_OutcomeDoesNotDependOnOrder_R_TIME_9()
    {
        var success = E(K.DataUpdateTaskFinished, "a", At(4), DataUpdateTaskOutcome.Success);
        var skipped = E(K.DataUpdateTaskFinished, "a", At(4), DataUpdateTaskOutcome.Skipped);

        var one = TimelineAggregator.Aggregate([success, skipped])[TimelineNodeKind.DataUpdate].Tasks.Single();
        var other = TimelineAggregator.Aggregate([skipped, success])[TimelineNodeKind.DataUpdate].Tasks.Single();

        Assert.Equal(one, other);
    }

    [Fact]
    public void Aggregate_TasksWithTheSameStart_OrderedByName_R_TIME_9()
    {
        var timeline = TimelineAggregator.Aggregate(
        [
            E(K.DataUpdateTaskStarted, "b", At(1)),
            E(K.DataUpdateTaskStarted, "a", At(1)),
            E(K.DataUpdateTaskStarted, "c", At(0)),
        ]);

        Assert.Equal(["c", "a", "b"], timeline[TimelineNodeKind.DataUpdate].Tasks.Select(t => t.Name));
    }

    [Fact]
    public void IsShort_UnderThreshold_TrueAtThresholdFalse_R_TIME_7()
    {
        var quick = TimelineAggregator.Aggregate(
            [E(K.ServiceStoppingStarted, "api", At(0)), E(K.ServiceStoppingFinished, "api", At(0) + NodaTime.Duration.FromMilliseconds(999))]);
        var second = TimelineAggregator.Aggregate(
            [E(K.ServiceStoppingStarted, "api", At(0)), E(K.ServiceStoppingFinished, "api", At(0, 1))]);

        Assert.True(quick[TimelineNodeKind.StopServices].IsShort(NodaTime.Duration.FromSeconds(1)));
        Assert.False(second[TimelineNodeKind.StopServices].IsShort(NodaTime.Duration.FromSeconds(1)));
        Assert.True(second[TimelineNodeKind.StopServices].IsShort(NodaTime.Duration.FromSeconds(2)));
    }

    [Fact]
    public void IsShort_RunningNode_NeverShort_R_TIME_7()
    {
        var running = TimelineAggregator.Aggregate([E(K.ServiceStoppingStarted, "api", At(0))]);

        Assert.False(running[TimelineNodeKind.StopServices].IsShort(NodaTime.Duration.FromHours(1)));
    }
}
