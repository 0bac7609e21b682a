using Dataphin.UpgradeKit.Estimates;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Estimates;

/// <summary>
/// The steps phase of an upgrade without a finished node, over many generated windows, against a model written from the
/// rule rather than from the code (R-ETA-1, R-ETA-2): lists and LINQ, percentiles in floating point.
/// </summary>
public partial class UpgradeEstimatorTests
{
    /// <summary>One generated case: the comparables (minutes, and their steps' end in minutes or null), the time run and the running upgrade's steps' end.</summary>
    public sealed record StepsCase((int Minutes, int? StepsEnd)[] Comparables, int NowSeconds, int? StepsCompletedSecond);

    private static Arbitrary<StepsCase> StepsCases() =>
        (from count in Gen.Choose(0, 12)
         from comparables in Gen.ArrayOf(
             from minutes in Gen.Choose(1, 120)
             from known in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
             from steps in Gen.Choose(0, minutes)
             select (minutes, known ? steps : (int?)null), count)
         from now in Gen.Choose(0, 150 * 60)
         from completed in Gen.Frequency((1, Gen.Constant<int?>(null)), (1, Gen.Choose(0, now).Select(s => (int?)s)))
         select new StepsCase(comparables, now, completed)).ToArbitrary();

    [Property(MaxTest = 1000)]
    public Property Estimate_WithoutNodes_BandAndThresholdAsTheStepsRuleSays_R_ETA_1_R_ETA_2() =>
        Prop.ForAll(StepsCases(), c =>
        {
            var comparables = c.Comparables.Select((x, i) => new ComparableUpgrade
            {
                RecordId = UpgradeRecordId.New(At(-5000 + i)),
                Mode = UpgradeMode.ZeroDowntime,
                FinishedAt = At(-1000 + i),
                Duration = Duration.FromMinutes(x.Minutes),
                StepsCompletedAfter = x.StepsEnd is { } s ? Duration.FromMinutes(s) : null,
            }).ToList();
            var now = Start + Duration.FromSeconds(c.NowSeconds);
            Instant? steps = c.StepsCompletedSecond is { } sc ? Start + Duration.FromSeconds(sc) : null;

            var estimate = UpgradeEstimator.Estimate(Start, null, comparables, now, options: NoTimeout, stepsCompletedAt: steps);
            var expected = StepsModel(c);

            if (expected is null)
            {
                return !estimate.HasBaseline && estimate.ExpectedEndAt is null;
            }

            var (low, median, high, threshold) = expected.Value;
            return estimate.HasBaseline
                && Close(estimate.EarliestEndAt!.Value, low) && Close(estimate.ExpectedEndAt!.Value, median)
                && Close(estimate.LatestEndAt!.Value, high) && Close(estimate.StallThresholdAt!.Value, threshold)
                && (estimate.Stall == StallReason.PastEstimate) == (now > estimate.StallThresholdAt + NoTimeout.StallMargin);
        });

    /// <summary>
    /// The rule, in seconds from the start: no baseline under three comparables. With at least three that know their steps'
    /// end: once the running upgrade's steps completed, the steps' end plus what each of those ran after its own steps;
    /// before, while at least three of those are still in their steps, every pair of such a steps' end and a
    /// verification time (duration minus steps' end) of any of those that know it. Otherwise, and when fewer than three
    /// remain, the whole durations of those still running, or all moved to now; after the steps, when fewer than three
    /// ran as long after their own steps, the band of the whole durations from the start. Threshold: 90th percentile of
    /// the candidates before any is dropped (after the steps: of what ran after the steps; before them, with three that
    /// know their steps' end: of every pair of a steps' end and a verification time).
    /// </summary>
    private static (double Low, double Median, double High, double Threshold)? StepsModel(StepsCase c)
    {
        if (c.Comparables.Length < 3)
        {
            return null;
        }

        var withSteps = c.Comparables.Where(x => x.StepsEnd is not null).ToList();
        double origin = 0;
        List<double> candidates; // seconds after origin
        List<double>? preferred = null;
        double? pairsThreshold = null;
        if (withSteps.Count >= 3 && c.StepsCompletedSecond is { } completed)
        {
            origin = completed;
            candidates = [.. withSteps.Select(x => (x.Minutes - x.StepsEnd!.Value) * 60.0)];
        }
        else
        {
            candidates = [.. c.Comparables.Select(x => x.Minutes * 60.0)];
            if (withSteps.Count >= 3)
            {
                // Steps and verification as two phases: every steps' end with every verification time.
                var verifications = withSteps.Select(x => (x.Minutes - x.StepsEnd!.Value) * 60.0).ToList();
                var stillInSteps = withSteps.Where(x => x.StepsEnd!.Value * 60.0 > c.NowSeconds).ToList();
                if (stillInSteps.Count >= 3)
                {
                    preferred = [.. from s in stillInSteps from v in verifications select (s.StepsEnd!.Value * 60.0) + v];
                }

                pairsThreshold = Percentile([.. from s in withSteps from v in verifications select (s.StepsEnd!.Value * 60.0) + v], 0.9);
            }
        }

        var threshold = origin + (pairsThreshold ?? Percentile(candidates, 0.9));
        var elapsed = c.NowSeconds - origin;
        var ahead = candidates.Where(x => x > elapsed).ToList();
        if (withSteps.Count >= 3 && c.StepsCompletedSecond is not null)
        {
            if (ahead.Count < 3)
            {
                // Fewer than three ran as long after their steps: the band comes from the whole durations, from the start.
                origin = 0;
                candidates = [.. c.Comparables.Select(x => x.Minutes * 60.0)];
                elapsed = c.NowSeconds;
                ahead = [.. candidates.Where(x => x > elapsed)];
            }
        }

        var used = preferred is not null ? preferred : ahead.Count >= 3 ? ahead : [.. candidates.Select(x => Math.Max(x, elapsed))];
        return (origin + Percentile(used, 0.1), origin + Percentile(used, 0.5), origin + Percentile(used, 0.9), threshold);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var below = (int)rank;
        return below + 1 < sorted.Count ? sorted[below] + ((sorted[below + 1] - sorted[below]) * (rank - below)) : sorted[below];
    }

    // Within a millisecond: the model works in floating-point seconds, the estimator in ticks.
    private static bool Close(Instant actual, double expectedSeconds) => Math.Abs((actual - Start).TotalSeconds - expectedSeconds) < 0.001;
}
