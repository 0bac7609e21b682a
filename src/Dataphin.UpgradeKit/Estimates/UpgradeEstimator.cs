using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Estimates;

/// <summary>
/// Estimates a running upgrade's end from comparable finished upgrades of the same mode. Pure functions of their
/// inputs (the moment of the estimate is an argument); thread-safe.
/// </summary>
/// <remarks>
/// Each comparable upgrade says how long it still ran after the node the running upgrade finished last; added to that
/// node's end, these give the candidate ends, so the band tightens as nodes finish. Candidates already in the past are
/// dropped while at least <see cref="UpgradeEstimate.MinimumComparables"/> remain (an upgrade that has run long is
/// compared with those that ran at least as long); otherwise every candidate is moved to now. The band is the 10th and
/// 90th percentile of the candidates, the expected end their median (linear interpolation between ranks).
/// </remarks>
public static class UpgradeEstimator
{
    /// <summary>The estimate of an upgrade that started at <paramref name="upgradeStart"/>, made at <paramref name="now"/>.</summary>
    /// <param name="upgradeStart">When the running upgrade started.</param>
    /// <param name="timeline">Its detailed timeline so far, or null when it has none (zero-downtime) or none is known.</param>
    /// <param name="comparables">Finished upgrades of the same mode, any order; only the count and their figures matter.</param>
    /// <param name="now">The moment of the estimate.</param>
    /// <param name="lastProgressAt">The latest progress event reported for the upgrade, or null when none was: the start then counts.</param>
    /// <param name="options">Stall margin and timeout; the defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="comparables"/> is null.</exception>
    public static UpgradeEstimate Estimate(Instant upgradeStart, UpgradeTimeline? timeline, IReadOnlyList<ComparableUpgrade> comparables, Instant now,
        Instant? lastProgressAt = null, UpgradeEstimateOptions? options = null)
    {
        Guard.NotNull(comparables);
        options ??= Defaults;
        var noProgress = options.NoProgressTimeout is { } timeout && now - Instant.Max(lastProgressAt ?? upgradeStart, upgradeStart) > timeout;
        if (comparables.Count < UpgradeEstimate.MinimumComparables)
        {
            return new UpgradeEstimate
            {
                HasBaseline = false,
                Comparables = comparables.Count,
                EstimatedAt = now,
                Stall = noProgress ? StallReason.NoProgress : StallReason.None,
            };
        }

        var candidates = Candidates(upgradeStart, timeline, comparables);
        Array.Sort(candidates);
        var threshold = At(Quantile(candidates, 0.9));
        var survivors = candidates.AsSpan(LowerBoundAfter(candidates, now.ToUnixTimeTicks()));
        long[] band;
        if (survivors.Length >= UpgradeEstimate.MinimumComparables)
        {
            band = survivors.ToArray();
        }
        else
        {
            band = candidates;
            var floor = now.ToUnixTimeTicks();
            for (var i = 0; i < band.Length; i++)
            {
                band[i] = Math.Max(band[i], floor);
            }
        }

        var low = At(Quantile(band, 0.1));
        var median = At(Quantile(band, 0.5));
        var high = At(Quantile(band, 0.9));
        var pastEstimate = now > threshold + options.StallMargin;
        return new UpgradeEstimate
        {
            HasBaseline = true,
            Comparables = comparables.Count,
            EstimatedAt = now,
            ExpectedEndAt = median,
            EarliestEndAt = low,
            LatestEndAt = high,
            RemainingMilliseconds = Remaining(median, now),
            RemainingLowMilliseconds = Remaining(low, now),
            RemainingHighMilliseconds = Remaining(high, now),
            StallThresholdAt = threshold,
            Stall = pastEstimate ? StallReason.PastEstimate : noProgress ? StallReason.NoProgress : StallReason.None,
        };
    }

    /// <summary>The latest event time in <paramref name="summaries"/> (a start or an end of any subject), or null when there is none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="summaries"/> is null.</exception>
    public static Instant? LastProgressAt(IEnumerable<TimelineSubjectSummary> summaries)
    {
        Guard.NotNull(summaries);
        Instant? last = null;
        foreach (var s in summaries)
        {
            foreach (var at in (ReadOnlySpan<Instant?>)[s.StartedAt, s.EndedAt])
            {
                if (at is { } a && (last is null || a > last))
                {
                    last = a;
                }
            }
        }

        return last;
    }

    private static readonly UpgradeEstimateOptions Defaults = new();

    private static Instant At(long unixTicks) => Instant.FromUnixTimeTicks(unixTicks);

    private static long Remaining(Instant end, Instant now) => end > now ? (end - now).BclCompatibleTicks / NodaConstants.TicksPerMillisecond : 0;

    /// <summary>
    /// Each comparable's end for this upgrade, in Unix ticks: after the running upgrade's latest finished node, what the
    /// comparable still ran after that node; before any node finished, the comparable's whole duration. Comparables that
    /// never ran the node are left out, unless too few remain, in which case the whole durations serve.
    /// </summary>
    private static long[] Candidates(Instant upgradeStart, UpgradeTimeline? timeline, IReadOnlyList<ComparableUpgrade> comparables)
    {
        TimelineNode? anchor = null;
        if (timeline is not null)
        {
            foreach (var node in timeline.Nodes)
            {
                if (node.EndedAt is { } end && end >= upgradeStart && (anchor is null || end >= anchor.EndedAt))
                {
                    anchor = node;
                }
            }
        }

        if (anchor is not null)
        {
            var anchored = new List<long>(comparables.Count);
            foreach (var c in comparables)
            {
                if (c.NodeEnds.TryGetValue(anchor.Kind, out var nodeEnd) && nodeEnd <= c.Duration)
                {
                    anchored.Add((anchor.EndedAt!.Value + (c.Duration - nodeEnd)).ToUnixTimeTicks());
                }
            }

            if (anchored.Count >= UpgradeEstimate.MinimumComparables)
            {
                return [.. anchored];
            }
        }

        var whole = new long[comparables.Count];
        for (var i = 0; i < whole.Length; i++)
        {
            whole[i] = (upgradeStart + comparables[i].Duration).ToUnixTimeTicks();
        }

        return whole;
    }

    /// <summary>The index of the first value greater than <paramref name="value"/> in sorted <paramref name="sorted"/>.</summary>
    private static int LowerBoundAfter(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, interpolating linearly between ranks (Hyndman and Fan's type 7).</summary>
    private static long Quantile(ReadOnlySpan<long> sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var i = (int)Math.Floor(h);
        if (i + 1 >= sorted.Length)
        {
            return sorted[^1];
        }

        return sorted[i] + (long)Math.Round((sorted[i + 1] - sorted[i]) * (h - i));
    }
}
