using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;
using Xunit.Abstractions;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Estimates;

/// <summary>
/// The accuracy backtest of the estimates (R-ETA-1, R-ETA-2), not a timed test: a generated history of upgrades per
/// mode with log-normal node durations and outliers, replayed in finish order, each upgrade estimated from the ones
/// that finished before it. It prints its figures (copied into benchmarks/README.md) and holds the targets:
/// at half the actual duration, median absolute percentage error of the end ≤ 25 % and the actual end inside the
/// 10–90 band for ≥ 75 % of upgrades (maintenance upgrades; zero-downtime ones report no progress, see below); a
/// stall raised within one check interval of its threshold. OpenShift's rule
/// (the last completed upgrade × 1.2, stalled 10 minutes past it) is measured on the same data. Deterministic (fixed seed).
/// </summary>
public class EstimateBacktestTests(ITestOutputHelper output)
{
    private const int UpgradesPerMode = 300;
    private const double OutlierShare = 0.05;
    private static readonly Duration CheckInterval = Duration.FromMinutes(1);
    private static readonly Instant Origin = Instant.FromUtc(2026, 1, 1, 0, 0);

    // Median minutes and log-normal sigma of each maintenance node, in timeline order, then the idle gap between nodes
    // and the verification after the last node.
    private static readonly (K Start, K End, double Median, double Sigma)[] Nodes =
    [
        (K.ServiceStoppingStarted, K.ServiceStoppingFinished, 3, 0.4),
        (K.DatabaseBackupStarted, K.DatabaseBackupCompleted, 15, 0.5),
        (K.ServiceStartingStarted, K.ServiceStartingFinished, 20, 0.4),
        (K.DataUpdateTaskStarted, K.DataUpdateTaskFinished, 40, 0.6),
        (K.DataServiceStudioUpgradeStarted, K.DataServiceStudioUpgradeCompleted, 10, 0.4),
    ];

    private const double GapMedian = 1, GapSigma = 0.5, VerificationMedian = 15, VerificationSigma = 0.5, ScaleSigma = 0.25;
    private const double ZeroDowntimeMedian = 45, ZeroDowntimeSigma = 0.5;

    [Fact]
    public void Backtest_Maintenance_MeetsAccuracyTargets_R_ETA_1()
    {
        var (mdape, coverage, openShiftMdape, _) = Run(UpgradeMode.Maintenance, seed: 27);

        Assert.True(mdape <= 0.25, $"median absolute percentage error {mdape:P1} > 25 %");
        Assert.True(coverage >= 0.75, $"actual end inside the band for {coverage:P1} < 75 %");
        Assert.True(mdape < openShiftMdape, $"{mdape:P1} is no better than OpenShift's rule, {openShiftMdape:P1}");
    }

    /// <summary>
    /// A zero-downtime upgrade reports no timeline: its only progress is the time it has run, so the error at half its
    /// duration is the spread of the durations themselves (25.5 % here, just over the 25 % target; see
    /// benchmarks/README.md). Even the generator's own distribution, known exactly and conditioned on the time run,
    /// does no better on the same data (25.6 %): the target cannot be met from the elapsed time alone. The estimate
    /// stays within a point of that best, its band holds the end ≥ 75 % of the time, and it beats OpenShift's rule.
    /// </summary>
    [Fact]
    public void Backtest_ZeroDowntime_BandHoldsAndBeatsLastTimesOnePointTwo_R_ETA_1()
    {
        var (mdape, coverage, openShiftMdape, bestMdape) = Run(UpgradeMode.ZeroDowntime, seed: 28);

        Assert.True(coverage >= 0.75, $"actual end inside the band for {coverage:P1} < 75 %");
        Assert.True(mdape < openShiftMdape, $"{mdape:P1} is no better than OpenShift's rule, {openShiftMdape:P1}");
        Assert.True(mdape <= bestMdape + 0.01, $"{mdape:P1} is more than a point worse than the best from the elapsed time alone, {bestMdape:P1}");
    }

    private (double Mdape, double Coverage, double OpenShiftMdape, double BestMdape) Run(UpgradeMode mode, int seed)
    {
        var random = new Random(seed);
        var history = Generate(mode, random);
        var options = new UpgradeEstimateOptions { NoProgressTimeout = null };
        var ours = new List<double>();
        var openShift = new List<double>();
        var best = new List<double>();
        int inBand = 0, evaluated = 0, stalled = 0, stalledOutliers = 0, stalledInsideHalfwayBand = 0, openShiftStalled = 0, openShiftStalledInsideBand = 0;
        var latencies = new List<Duration>();
        for (var i = 0; i < history.Count; i++)
        {
            var u = history[i];
            var comparables = history.Take(i).TakeLast(options.ComparableWindow).Select(h => h.Comparable).ToList();
            if (comparables.Count < UpgradeEstimate.MinimumComparables)
            {
                continue;
            }

            evaluated++;
            var half = u.Start + u.Duration / 2;
            var estimate = UpgradeEstimator.Estimate(u.Start, u.TimelineAt(half), comparables, half, options: options);
            ours.Add(Error(estimate.ExpectedEndAt!.Value, u));
            var insideBand = u.End >= estimate.EarliestEndAt && u.End <= estimate.LatestEndAt;
            inBand += insideBand ? 1 : 0;

            if (mode == UpgradeMode.ZeroDowntime)
            {
                best.Add(Error(BestEndFromElapsedTime(u, half), u));
            }

            var openShiftEnd = u.Start + history[i - 1].Duration * 1.2;
            openShift.Add(Error(openShiftEnd, u));
            if (u.End > openShiftEnd + options.StallMargin)
            {
                openShiftStalled++;
                openShiftStalledInsideBand += insideBand ? 1 : 0;
            }

            // The hosted check every interval, until the upgrade ends.
            for (var t = u.Start + CheckInterval; t < u.End; t += CheckInterval)
            {
                if (UpgradeEstimator.Estimate(u.Start, u.TimelineAt(t), comparables, t, options: options).Stall == StallReason.PastEstimate)
                {
                    stalled++;
                    stalledOutliers += u.Outlier ? 1 : 0;
                    stalledInsideHalfwayBand += insideBand ? 1 : 0;
                    latencies.Add(t - Crossing(u, comparables, options, t - CheckInterval, t));
                    break;
                }
            }
        }

        var mdape = Median(ours);
        var coverage = (double)inBand / evaluated;
        output.WriteLine($"{mode}: {history.Count} upgrades, {evaluated} estimated (seed {seed})");
        output.WriteLine($"  ours at 50 %: MdAPE {mdape:P1}, actual end inside 10-90 band {coverage:P1}");
        output.WriteLine($"  OpenShift (last x 1.2): MdAPE {Median(openShift):P1}, no band");
        if (best.Count > 0)
        {
            output.WriteLine($"  best from the elapsed time alone (the generator's distribution, known exactly): MdAPE {Median(best):P1}");
        }

        output.WriteLine($"  stalled (ours): {stalled} upgrades, {stalledOutliers} of them outliers, {stalledInsideHalfwayBand} ending inside their halfway band; " +
            $"latency after the threshold max {(latencies.Count == 0 ? Duration.Zero : latencies.Max()).TotalSeconds:F0} s");
        output.WriteLine($"  stalled (OpenShift, 10 min past last x 1.2): {openShiftStalled} upgrades, {openShiftStalledInsideBand} of them ending inside our halfway band");

        Assert.All(latencies, l => Assert.True(l <= CheckInterval, $"stall raised {l} after its threshold"));
        return (mdape, coverage, Median(openShift), best.Count > 0 ? Median(best) : double.NaN);
    }

    /// <summary>
    /// The best end any estimate can give a zero-downtime upgrade from the time it has run alone: the median of the
    /// generator's own duration distribution (log-normal with its outliers, known exactly, not estimated) given that the
    /// upgrade is still running at <paramref name="now"/>.
    /// </summary>
    private static Instant BestEndFromElapsedTime(Upgrade u, Instant now)
    {
        var elapsed = (now - u.Start).TotalMinutes;
        var half = Survival(elapsed) / 2;
        double low = elapsed, high = elapsed * 100;
        for (var step = 0; step < 80; step++)
        {
            var middle = (low + high) / 2;
            (low, high) = Survival(middle) > half ? (middle, high) : (low, middle);
        }

        return u.Start + Duration.FromSeconds(Math.Round((low + high) / 2 * 60));
    }

    /// <summary>The chance that a generated zero-downtime upgrade runs longer than <paramref name="minutes"/>.</summary>
    private static double Survival(double minutes)
    {
        static double Tail(double m) => 1 - NormalCdf(Math.Log(m / ZeroDowntimeMedian) / ZeroDowntimeSigma);
        const int Steps = 200; // the outlier factor is uniform on 3..6
        var outliers = 0.0;
        for (var j = 0; j < Steps; j++)
        {
            outliers += Tail(minutes / (3 + (3 * (j + 0.5) / Steps)));
        }

        return ((1 - OutlierShare) * Tail(minutes)) + (OutlierShare * outliers / Steps);
    }

    /// <summary>The standard normal distribution function (Abramowitz and Stegun 7.1.26, error under 1.5e-7).</summary>
    private static double NormalCdf(double x)
    {
        var z = Math.Abs(x) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * z));
        var erf = 1 - (((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t * Math.Exp(-z * z));
        return 0.5 * (1 + (x >= 0 ? erf : -erf));
    }

    /// <summary>The first moment, to the second, between two checks at which the stall rule holds.</summary>
    private static Instant Crossing(Upgrade u, List<ComparableUpgrade> comparables, UpgradeEstimateOptions options, Instant from, Instant to)
    {
        for (var t = from; t <= to; t += Duration.FromSeconds(1))
        {
            if (UpgradeEstimator.Estimate(u.Start, u.TimelineAt(t), comparables, t, options: options).Stall == StallReason.PastEstimate)
            {
                return t;
            }
        }

        return to;
    }

    private static double Error(Instant estimatedEnd, Upgrade u) => Math.Abs((estimatedEnd - u.End).TotalMinutes) / u.Duration.TotalMinutes;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static List<Upgrade> Generate(UpgradeMode mode, Random random)
    {
        var upgrades = new List<Upgrade>();
        var at = Origin;
        for (var i = 0; i < UpgradesPerMode; i++)
        {
            var start = at;
            var events = new List<TimelineEvent>();
            var outlier = random.NextDouble() < OutlierShare;
            Duration total;
            if (mode == UpgradeMode.ZeroDowntime)
            {
                total = Minutes(ZeroDowntimeMedian * LogNormal(random, ZeroDowntimeSigma) * (outlier ? 3 + (3 * random.NextDouble()) : 1));
            }
            else
            {
                var scale = LogNormal(random, ScaleSigma);
                var slowNode = outlier ? random.Next(Nodes.Length) : -1;
                var cursor = start;
                for (var n = 0; n < Nodes.Length; n++)
                {
                    cursor += Minutes(GapMedian * LogNormal(random, GapSigma));
                    var (startKind, endKind, median, sigma) = Nodes[n];
                    var length = Minutes(median * scale * LogNormal(random, sigma) * (n == slowNode ? 3 + (3 * random.NextDouble()) : 1));
                    events.Add(endKind == K.DataUpdateTaskFinished ? new TimelineEvent { Kind = startKind, Subject = "migrate", At = cursor } : new TimelineEvent { Kind = startKind, Subject = "s", At = cursor });
                    cursor += length;
                    events.Add(endKind == K.DataUpdateTaskFinished
                        ? new TimelineEvent { Kind = endKind, Subject = "migrate", At = cursor, Outcome = DataUpdateTaskOutcome.Success }
                        : new TimelineEvent { Kind = endKind, Subject = "s", At = cursor });
                }

                total = cursor + Minutes(VerificationMedian * LogNormal(random, VerificationSigma)) - start;
            }

            var upgrade = new Upgrade(start, total, events, outlier, mode, UpgradeRecordId.New(start));
            upgrades.Add(upgrade);
            at = start + total + Duration.FromHours(24);
        }

        return upgrades;
    }

    private static Duration Minutes(double minutes) => Duration.FromSeconds(Math.Round(minutes * 60));

    private static double LogNormal(Random random, double sigma)
    {
        // Box-Muller: a standard normal from two uniforms.
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Exp(sigma * z);
    }

    private sealed record Upgrade(Instant Start, Duration Duration, List<TimelineEvent> Events, bool Outlier, UpgradeMode Mode, UpgradeRecordId Id)
    {
        public Instant End => Start + Duration;

        public UpgradeTimeline? TimelineAt(Instant now) =>
            Mode == UpgradeMode.ZeroDowntime ? null : TimelineAggregator.Aggregate(Events.Where(e => e.At <= now));

        public ComparableUpgrade Comparable => new()
        {
            RecordId = Id,
            Mode = Mode,
            FinishedAt = End,
            Duration = Duration,
            NodeEnds = Mode == UpgradeMode.ZeroDowntime
                ? new Dictionary<TimelineNodeKind, Duration>()
                : TimelineAggregator.Aggregate(Events).Nodes.Where(n => n.EndedAt is not null).ToDictionary(n => n.Kind, n => n.EndedAt!.Value - Start),
        };
    }
}
