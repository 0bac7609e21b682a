using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Estimates;

/// <summary>
/// An upgrade without a finished node (zero-downtime) estimated from the end of its upgrade steps (R-ETA-1, R-ETA-2).
/// Figures worked out by hand from five comparables that ran 50, 60, 70, 80 and 90 minutes and completed their steps
/// after 40, 45, 50, 60 and 65: 10, 15, 20, 20 and 25 minutes of verification.
/// </summary>
public partial class UpgradeEstimatorTests
{
    private static ComparableUpgrade ZeroDowntime(int minutes, int? stepsEndMinute) => new()
    {
        RecordId = UpgradeRecordId.New(At(minutes)),
        Mode = UpgradeMode.ZeroDowntime,
        FinishedAt = At(-1000 + minutes),
        Duration = Duration.FromMinutes(minutes),
        StepsCompletedAfter = stepsEndMinute is { } s ? Duration.FromMinutes(s) : null,
    };

    private static readonly ComparableUpgrade[] FiveWithSteps =
        [ZeroDowntime(50, 40), ZeroDowntime(60, 45), ZeroDowntime(70, 50), ZeroDowntime(80, 60), ZeroDowntime(90, 65)];

    [Fact]
    public void Estimate_StepsCompleted_BandIsWhatComparablesRanAfterTheirOwnSteps_R_ETA_1()
    {
        // Steps completed at 30: 10..25 minutes of verification follow; 10th percentile 12, median 20, 90th 23.
        var estimate = UpgradeEstimator.Estimate(Start, null, FiveWithSteps, At(31), options: NoTimeout, stepsCompletedAt: At(30));

        Assert.Equal((At(42), At(50), At(53)), (estimate.EarliestEndAt, estimate.ExpectedEndAt, estimate.LatestEndAt));
        Assert.Equal(At(53), estimate.StallThresholdAt);
        Assert.Equal(19 * 60_000L, estimate.RemainingMilliseconds);
    }

    [Fact]
    public void Estimate_StepsRunning_StepsStillAheadPlusEveryVerification_R_ETA_1()
    {
        // At 42 minutes the 50-minute upgrade had completed its steps (at 40): the steps' ends 45, 50, 60 and 65 are still
        // possible, each followed by any of the five verifications (10, 15, 20, 20, 25): 20 candidate ends, 55 … 90, whose
        // 10th percentile is 60, median 72.5 and 90th percentile 85. The whole durations of those four would say 63, 75, 87;
        // without the steps' ends all five would count (54, 70, 86). The stall threshold is the 90th percentile of all 25
        // pairs, as of the start: 85.
        var withSteps = UpgradeEstimator.Estimate(Start, null, FiveWithSteps, At(42), options: NoTimeout);
        var withoutSteps = UpgradeEstimator.Estimate(Start, null, [.. FiveWithSteps.Select(c => c with { StepsCompletedAfter = null })], At(42), options: NoTimeout);

        Assert.Equal((At(60), At(72, 30), At(85)), (withSteps.EarliestEndAt, withSteps.ExpectedEndAt, withSteps.LatestEndAt));
        Assert.Equal((At(54), At(70), At(86)), (withoutSteps.EarliestEndAt, withoutSteps.ExpectedEndAt, withoutSteps.LatestEndAt));
        Assert.Equal(At(85), withSteps.StallThresholdAt);
        Assert.Equal(At(86), withoutSteps.StallThresholdAt);
    }

    [Fact]
    public void Estimate_StepsRunningAndTooFewStillInSteps_ThoseThatRanAsLong_R_ETA_1()
    {
        // At 61 minutes only the 90-minute upgrade was still in its steps (until 65): one is too few, so the 70-, 80- and
        // 90-minute upgrades that ran at least as long serve: 72, 80, 88.
        var estimate = UpgradeEstimator.Estimate(Start, null, FiveWithSteps, At(61), options: NoTimeout);

        Assert.Equal((At(72), At(80), At(88)), (estimate.EarliestEndAt, estimate.ExpectedEndAt, estimate.LatestEndAt));
    }

    [Fact]
    public void Estimate_ComparableWithoutStepsEnd_LeftOutOfTheStepsBand_R_ETA_1()
    {
        // Four comparables know their steps' end (40, 45, 50, 60; verification 10, 15, 20, 20), two (55 and 58 minutes) do
        // not. At 42 the steps' ends 45, 50 and 60 are still possible: 12 pairs, 55 … 80; 10th percentile 60, median 67.5,
        // 90th percentile 79.5. The two without a steps' end cannot be split into phases and are left out.
        ComparableUpgrade[] mixed = [ZeroDowntime(50, 40), ZeroDowntime(55, null), ZeroDowntime(58, null), ZeroDowntime(60, 45), ZeroDowntime(70, 50), ZeroDowntime(80, 60)];

        var estimate = UpgradeEstimator.Estimate(Start, null, mixed, At(42), options: NoTimeout);

        Assert.Equal((At(60), At(67, 30), At(79, 30)), (estimate.EarliestEndAt, estimate.ExpectedEndAt, estimate.LatestEndAt));
    }

    [Fact]
    public void Estimate_StepsRunningAndTwoStillInSteps_ThoseThatRanAsLong_R_ETA_1()
    {
        // Three comparables know their steps' end (40, 45, 50); at 42 only two are still in their steps, too few: the whole
        // durations of all five, every one still running at 42, serve: 52, 58, 66.
        ComparableUpgrade[] mixed = [ZeroDowntime(50, 40), ZeroDowntime(55, null), ZeroDowntime(58, null), ZeroDowntime(60, 45), ZeroDowntime(70, 50)];

        var estimate = UpgradeEstimator.Estimate(Start, null, mixed, At(42), options: NoTimeout);

        Assert.Equal((At(52), At(58), At(66)), (estimate.EarliestEndAt, estimate.ExpectedEndAt, estimate.LatestEndAt));
    }

    [Fact]
    public void Estimate_FewerThanThreeKnowTheirStepsEnd_SameAsWithoutTheSignal_R_ETA_1()
    {
        ComparableUpgrade[] twoKnow = [ZeroDowntime(50, 40), ZeroDowntime(60, 45), ZeroDowntime(70, null), ZeroDowntime(80, null), ZeroDowntime(90, null)];
        ComparableUpgrade[] noneKnow = [.. twoKnow.Select(c => c with { StepsCompletedAfter = null })];

        foreach (var (now, steps) in new (Instant, Instant?)[] { (At(42), null), (At(42), At(30)), (At(85), At(80)) })
        {
            var with = UpgradeEstimator.Estimate(Start, null, twoKnow, now, options: NoTimeout, stepsCompletedAt: steps);
            var without = UpgradeEstimator.Estimate(Start, null, noneKnow, now, options: NoTimeout);

            Assert.Equal(without, with);
        }
    }

    [Fact]
    public void Estimate_StepsCompletedButTwoComparables_NoBaseline_R_ETA_1()
    {
        var estimate = UpgradeEstimator.Estimate(Start, null, [ZeroDowntime(50, 40), ZeroDowntime(60, 45)], At(31), stepsCompletedAt: At(30));

        Assert.Equal((false, (Instant?)null), (estimate.HasBaseline, estimate.ExpectedEndAt));
    }

    [Fact]
    public void Estimate_StepsCompleted_StallMeasuredFromTheStepsEnd_R_ETA_2()
    {
        // Threshold 30 + 23 = 53 minutes; with the 10-minute margin the stall begins after 63, long before the whole
        // durations' 90th percentile (86) would say so.
        var atMargin = UpgradeEstimator.Estimate(Start, null, FiveWithSteps, At(63), options: NoTimeout, stepsCompletedAt: At(30));
        var pastMargin = UpgradeEstimator.Estimate(Start, null, FiveWithSteps, At(63, 1), options: NoTimeout, stepsCompletedAt: At(30));

        Assert.Equal(StallReason.None, atMargin.Stall);
        Assert.Equal(StallReason.PastEstimate, pastMargin.Stall);
    }

    [Fact]
    public void Estimate_FinishedNode_AnchorsBeforeTheStepsEnd_R_ETA_1()
    {
        // A maintenance upgrade with a finished node is measured from that node, as before; the steps' end does not move it.
        ComparableUpgrade[] comparables =
        [
            .. FiveWithSteps.Select((c, i) => c with
            {
                Mode = UpgradeMode.Maintenance,
                NodeEnds = new Dictionary<TimelineNodeKind, Duration> { [TimelineNodeKind.StopServices] = Duration.FromMinutes(10 + i) },
            }),
        ];
        var timeline = TimelineAggregator.Aggregate([E(K.ServiceStoppingStarted, "api", At(1)), E(K.ServiceStoppingFinished, "api", At(5))]);

        var withSteps = UpgradeEstimator.Estimate(Start, timeline, comparables, At(50), options: NoTimeout, stepsCompletedAt: At(45));
        var withoutSteps = UpgradeEstimator.Estimate(Start, timeline, comparables, At(50), options: NoTimeout);

        Assert.Equal(withoutSteps, withSteps);
    }

    [Fact]
    public void EstimateFromSummaries_NoSummariesAndStepsCompleted_SameAsEstimateWithoutTimeline_R_ETA_1()
    {
        var fromSummaries = UpgradeEstimator.EstimateFromSummaries(Start, [], FiveWithSteps, At(31), NoTimeout, At(30));
        var fromTimeline = UpgradeEstimator.Estimate(Start, null, FiveWithSteps, At(31), options: NoTimeout, stepsCompletedAt: At(30));

        Assert.Equal(fromTimeline, fromSummaries);
        Assert.Equal(At(50), fromSummaries.ExpectedEndAt);
    }
}
