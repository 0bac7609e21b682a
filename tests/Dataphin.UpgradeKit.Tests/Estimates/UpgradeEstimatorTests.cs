using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Estimates;

/// <summary>
/// Estimates from comparable finished upgrades (R-ETA-1) and stalls (R-ETA-2). The expected figures are worked out by
/// hand: percentiles interpolate linearly between ranks, so of 60, 70, 80, 90 and 100 minutes the 10th percentile is
/// 64, the median 80 and the 90th 96.
/// </summary>
public partial class UpgradeEstimatorTests
{
    private static readonly Instant Start = At(0);

    private static ComparableUpgrade Finished(int minutes, params (TimelineNodeKind Node, int EndMinute)[] nodeEnds) => new()
    {
        RecordId = UpgradeRecordId.New(At(minutes)),
        Mode = UpgradeMode.Maintenance,
        FinishedAt = At(-1000 + minutes),
        Duration = Duration.FromMinutes(minutes),
        NodeEnds = nodeEnds.ToDictionary(n => n.Node, n => Duration.FromMinutes(n.EndMinute)),
    };

    private static readonly ComparableUpgrade[] FiveWholeDurations = [Finished(60), Finished(70), Finished(80), Finished(90), Finished(100)];

    private static readonly UpgradeEstimateOptions NoTimeout = new() { NoProgressTimeout = null };

    [Fact]
    public void Estimate_TwoComparables_NoBaselineAndNoFigures_R_ETA_1()
    {
        var estimate = UpgradeEstimator.Estimate(Start, null, [Finished(60), Finished(70)], At(10));

        Assert.False(estimate.HasBaseline);
        Assert.Equal(2, estimate.Comparables);
        Assert.Equal((null, null, null, null), (estimate.ExpectedEndAt, estimate.EarliestEndAt, estimate.LatestEndAt, estimate.RemainingMilliseconds));
    }

    [Fact]
    public void Estimate_ThreeComparables_HasBaseline_R_ETA_1()
    {
        var estimate = UpgradeEstimator.Estimate(Start, null, [Finished(60), Finished(70), Finished(80)], At(10));

        Assert.True(estimate.HasBaseline);
        Assert.Equal(At(70), estimate.ExpectedEndAt);
    }

    [Fact]
    public void Estimate_NoNodeFinished_MedianAndBandOfWholeDurations_R_ETA_1()
    {
        var estimate = UpgradeEstimator.Estimate(Start, null, FiveWholeDurations, At(10));

        Assert.Equal((At(64), At(80), At(96)), (estimate.EarliestEndAt, estimate.ExpectedEndAt, estimate.LatestEndAt));
        Assert.Equal((54 * 60_000L, 70 * 60_000L, 86 * 60_000L), (estimate.RemainingLowMilliseconds, estimate.RemainingMilliseconds, estimate.RemainingHighMilliseconds));
    }

    [Fact]
    public void Estimate_AfterANodeFinished_BandTightensToWhatFollowedThatNode_R_ETA_1()
    {
        // Each comparable stopped its services in 10..50 minutes and then ran 50 minutes more: once this upgrade's
        // services stopped (at 30 minutes), it is expected 50 minutes later, with no spread left.
        ComparableUpgrade[] comparables =
        [
            Finished(60, (TimelineNodeKind.StopServices, 10)), Finished(70, (TimelineNodeKind.StopServices, 20)),
            Finished(80, (TimelineNodeKind.StopServices, 30)), Finished(90, (TimelineNodeKind.StopServices, 40)),
            Finished(100, (TimelineNodeKind.StopServices, 50)),
        ];
        var before = UpgradeEstimator.Estimate(Start, TimelineAggregator.Aggregate([E(K.ServiceStoppingStarted, "api", At(1))]), comparables, At(20));
        var timeline = TimelineAggregator.Aggregate([E(K.ServiceStoppingStarted, "api", At(1)), E(K.ServiceStoppingFinished, "api", At(30))]);

        var after = UpgradeEstimator.Estimate(Start, timeline, comparables, At(31));

        Assert.Equal(At(96) - At(64), before.LatestEndAt - before.EarliestEndAt);
        Assert.Equal((At(80), At(80), At(80)), (after.EarliestEndAt, after.ExpectedEndAt, after.LatestEndAt));
    }

    [Fact]
    public void Estimate_RunLongerThanSome_ComparedWithThoseThatRanAtLeastAsLong_R_ETA_1()
    {
        // At 75 minutes the 60- and 70-minute upgrades are behind: 80, 90 and 100 remain, median 90.
        var estimate = UpgradeEstimator.Estimate(Start, null, FiveWholeDurations, At(75), options: NoTimeout);

        Assert.Equal((At(82), At(90), At(98)), (estimate.EarliestEndAt, estimate.ExpectedEndAt, estimate.LatestEndAt));
    }

    [Fact]
    public void Estimate_PastEveryComparable_EndIsNowNeverInThePast_R_ETA_1()
    {
        var estimate = UpgradeEstimator.Estimate(Start, null, FiveWholeDurations, At(120), options: NoTimeout);

        Assert.Equal((At(120), 0L), (estimate.ExpectedEndAt, estimate.RemainingMilliseconds));
    }

    [Fact]
    public void Estimate_PastNinetiethPercentileByMoreThanMargin_StalledPastEstimate_R_ETA_2()
    {
        // The 90th percentile is 96 minutes; with the 10-minute margin the stall begins after 106.
        var atMargin = UpgradeEstimator.Estimate(Start, null, FiveWholeDurations, At(106), options: NoTimeout);
        var pastMargin = UpgradeEstimator.Estimate(Start, null, FiveWholeDurations, At(106) + Duration.FromSeconds(1), options: NoTimeout);

        Assert.Equal((false, StallReason.None), (atMargin.Stalled, atMargin.Stall));
        Assert.Equal((true, StallReason.PastEstimate), (pastMargin.Stalled, pastMargin.Stall));
        Assert.Equal(At(96), pastMargin.StallThresholdAt);
    }

    [Fact]
    public void Estimate_HostMargin_UsedInsteadOfTheDefault_R_ETA_2()
    {
        var options = new UpgradeEstimateOptions { StallMargin = Duration.FromMinutes(1), NoProgressTimeout = null };

        var estimate = UpgradeEstimator.Estimate(Start, null, FiveWholeDurations, At(97, 1), options: options);

        Assert.Equal(StallReason.PastEstimate, estimate.Stall);
    }

    [Fact]
    public void Estimate_NoProgressForLongerThanTimeout_StalledNoProgressEvenWithoutBaseline_R_ETA_2()
    {
        var quiet = UpgradeEstimator.Estimate(Start, null, [], At(35), lastProgressAt: At(4, 59));
        var justInTime = UpgradeEstimator.Estimate(Start, null, [], At(35), lastProgressAt: At(5));

        Assert.Equal(StallReason.NoProgress, quiet.Stall);
        Assert.Equal(StallReason.None, justInTime.Stall);
    }

    [Fact]
    public void LastProgressAt_LatestStartOrEndOfAnySubject()
    {
        var summaries = TimelineSubjectSummary.Summarize(
        [
            E(K.ServiceStoppingStarted, "api", At(1)), E(K.ServiceStoppingStarted, "web", At(2)), E(K.ServiceStoppingFinished, "api", At(7)),
            E(K.DatabaseBackupStarted, "db", At(4)),
        ]);

        Assert.Equal(At(7), UpgradeEstimator.LastProgressAt(summaries));
        Assert.Null(UpgradeEstimator.LastProgressAt([]));
    }

    [Fact]
    public void Options_Invalid_EveryProblemListed()
    {
        var options = new UpgradeEstimateOptions { StallMargin = Duration.FromMinutes(-1), NoProgressTimeout = Duration.Zero, ComparableWindow = 2 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("StallMargin", error.Message, StringComparison.Ordinal);
        Assert.Contains("NoProgressTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("ComparableWindow", error.Message, StringComparison.Ordinal);
    }
}
