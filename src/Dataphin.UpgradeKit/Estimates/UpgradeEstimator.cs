using System.Runtime.CompilerServices;
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
/// node's end, these give the candidate ends, so the band tightens as nodes finish. An upgrade without a finished node
/// (a zero-downtime upgrade never reports one) is measured the same way from the moment its upgrade steps completed,
/// once they have, against what comparables still ran after their own steps (while at least
/// <see cref="UpgradeEstimate.MinimumComparables"/> of them ran as long after their steps; otherwise from the start);
/// before that, its steps and its verification are estimated as two phases: the steps still ahead from the
/// comparables that had not completed their steps by the time it has run, each followed by the verification of any
/// comparable (every pair). Both need at least
/// <see cref="UpgradeEstimate.MinimumComparables"/> comparables that know when their steps completed; otherwise whole
/// durations serve. Candidates already in the past are dropped while at least
/// <see cref="UpgradeEstimate.MinimumComparables"/> remain (an upgrade that has run long is compared with those that ran
/// at least as long); otherwise every candidate is moved to now. The band is the 10th and 90th percentile of the
/// candidates, the expected end their median (linear interpolation between ranks). What the comparables say is sorted
/// once per list of comparables and reused while the same list is passed.
/// </remarks>
public static partial class UpgradeEstimator
{
    // Per list of comparables (the caller reuses one list for a while): the sorted durations, and per node the sorted
    // time still run after it. Weak, so a list no longer used takes its tables with it.
    private static readonly ConditionalWeakTable<IReadOnlyList<ComparableUpgrade>, ComparableTables> PreparedLists = new();

    /// <summary>The estimate of an upgrade that started at <paramref name="upgradeStart"/>, made at <paramref name="now"/>.</summary>
    /// <param name="upgradeStart">When the running upgrade started.</param>
    /// <param name="timeline">Its detailed timeline so far, or null when it has none (zero-downtime) or none is known.</param>
    /// <param name="comparables">
    /// Finished upgrades of the same mode, any order; only the count and their figures matter. Do not change a list after
    /// passing it: what it says is kept for the next calls with the same list.
    /// </param>
    /// <param name="now">The moment of the estimate.</param>
    /// <param name="lastProgressAt">The latest progress event reported for the upgrade, or null when none was: the start then counts.</param>
    /// <param name="options">Stall margin and timeout; the defaults when null.</param>
    /// <param name="stepsCompletedAt">
    /// When the upgrade's steps completed (<see cref="UpgradeRecord.StepsCompletedAt"/>), or null while they run or when
    /// it is not known.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="comparables"/> is null.</exception>
    public static UpgradeEstimate Estimate(Instant upgradeStart, UpgradeTimeline? timeline, IReadOnlyList<ComparableUpgrade> comparables, Instant now,
        Instant? lastProgressAt = null, UpgradeEstimateOptions? options = null, Instant? stepsCompletedAt = null)
    {
        Guard.NotNull(comparables);
        return EstimateAt(upgradeStart, LastFinishedNode(upgradeStart, timeline), stepsCompletedAt, comparables, now, lastProgressAt, options ?? Defaults);
    }

    /// <summary>
    /// The estimate of an upgrade that started at <paramref name="upgradeStart"/>, made at <paramref name="now"/>, from
    /// the summaries of its timeline's subjects as a store keeps them: the same estimate as
    /// <see cref="Estimate(Instant, UpgradeTimeline, IReadOnlyList{ComparableUpgrade}, Instant, Instant?, UpgradeEstimateOptions, Instant?)"/>
    /// with the timeline of these summaries and their <see cref="LastProgressAt"/>, without building the timeline. This is
    /// what the list rows, the View log and the stall check use for every running upgrade.
    /// </summary>
    /// <param name="upgradeStart">When the running upgrade started.</param>
    /// <param name="summaries">The summaries of its timeline's subjects so far, any order; empty when none was reported.</param>
    /// <param name="comparables">Finished upgrades of the same mode, any order; do not change a list after passing it (it is prepared once and reused).</param>
    /// <param name="now">The moment of the estimate.</param>
    /// <param name="options">Stall margin and timeout; the defaults when null.</param>
    /// <param name="stepsCompletedAt">When the upgrade's steps completed, or null while they run or when it is not known.</param>
    /// <exception cref="ArgumentNullException"><paramref name="summaries"/> or <paramref name="comparables"/> is null.</exception>
    public static UpgradeEstimate EstimateFromSummaries(Instant upgradeStart, IReadOnlyList<TimelineSubjectSummary> summaries,
        IReadOnlyList<ComparableUpgrade> comparables, Instant now, UpgradeEstimateOptions? options = null, Instant? stepsCompletedAt = null)
    {
        Guard.NotNull(summaries);
        Guard.NotNull(comparables);
        options ??= Defaults;
        if (!TryLastFinishedNode(upgradeStart, summaries, out var anchor, out var lastProgressAt))
        {
            // One subject given twice: what the node is depends on both summaries merged, as the timeline merges them.
            return Estimate(upgradeStart, TimelineAggregator.FromSummaries(summaries), comparables, now, LastProgressAt(summaries), options, stepsCompletedAt);
        }

        return EstimateAt(upgradeStart, anchor, stepsCompletedAt, comparables, now, lastProgressAt, options);
    }

    private static UpgradeEstimate EstimateAt(Instant upgradeStart, Anchor anchor, Instant? stepsCompletedAt, IReadOnlyList<ComparableUpgrade> comparables,
        Instant now, Instant? lastProgressAt, UpgradeEstimateOptions options)
    {
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

        // Candidate ends are origin + each of the sorted spans: sorted themselves.
        var prepared = PreparedLists.GetValue(comparables, ComparableTables.Of);
        var (origin, spans, stepsRunning, fromSteps) = Candidates(upgradeStart, anchor, stepsCompletedAt, prepared);
        // Before any anchor, with the steps as a phase of their own, the candidate ends as of the start are every steps'
        // end plus every verification time.
        var threshold = origin + Duration.FromTicks(stepsRunning ? prepared.InSteps(prepared.StepsEnds.Length).High : SortedSpans.Quantile(spans, 0.9));
        var elapsed = (now - origin).BclCompatibleTicks;
        if (fromSteps && spans.Length - SortedSpans.UpperBound(spans, elapsed) < UpgradeEstimate.MinimumComparables)
        {
            // Fewer comparables verified as long as this upgrade has since its steps completed: the end of the steps says
            // nothing more about its end, so the band comes from the whole durations (the stall threshold stays the
            // steps' own: the upgrade has outrun what its comparables needed after their steps).
            (origin, spans) = (upgradeStart, prepared.Durations);
            elapsed = (now - origin).BclCompatibleTicks;
        }

        var (low, median, high) = stepsRunning && prepared.StillInSteps(elapsed) is { } inSteps
            ? inSteps
            : Band(spans, elapsed);
        var lowAt = origin + Duration.FromTicks(low);
        var medianAt = origin + Duration.FromTicks(median);
        var highAt = origin + Duration.FromTicks(high);
        var pastEstimate = now > threshold + options.StallMargin;
        return new UpgradeEstimate
        {
            HasBaseline = true,
            Comparables = comparables.Count,
            EstimatedAt = now,
            ExpectedEndAt = medianAt,
            EarliestEndAt = lowAt,
            LatestEndAt = highAt,
            RemainingMilliseconds = Remaining(medianAt, now),
            RemainingLowMilliseconds = Remaining(lowAt, now),
            RemainingHighMilliseconds = Remaining(highAt, now),
            StallThresholdAt = threshold,
            Stall = pastEstimate ? StallReason.PastEstimate : noProgress ? StallReason.NoProgress : StallReason.None,
        };
    }

    /// <summary>
    /// The 10th percentile, median and 90th percentile of the sorted <paramref name="spans"/> still ahead after
    /// <paramref name="elapsed"/>; when fewer than the minimum are, of every span moved to <paramref name="elapsed"/>.
    /// </summary>
    private static (long Low, long Median, long High) Band(long[] spans, long elapsed)
    {
        var survivors = spans.AsSpan(SortedSpans.UpperBound(spans, elapsed));
        if (survivors.Length >= UpgradeEstimate.MinimumComparables)
        {
            return (SortedSpans.Quantile(survivors, 0.1), SortedSpans.Quantile(survivors, 0.5), SortedSpans.Quantile(survivors, 0.9));
        }

        // Every candidate moves to now (a copy: the sorted spans are shared).
        var clamped = new long[spans.Length];
        for (var i = 0; i < clamped.Length; i++)
        {
            clamped[i] = Math.Max(spans[i], elapsed);
        }

        return (SortedSpans.Quantile(clamped, 0.1), SortedSpans.Quantile(clamped, 0.5), SortedSpans.Quantile(clamped, 0.9));
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

    private static long Remaining(Instant end, Instant now) => end > now ? (end - now).BclCompatibleTicks / NodaConstants.TicksPerMillisecond : 0;

    /// <summary>
    /// Where the candidate ends are measured from, and the sorted spans after it in ticks (the stall threshold is their
    /// 90th percentile): after the running upgrade's latest finished node, what each comparable still ran after that node;
    /// without one, after its steps completed, what each comparable still ran after its own steps; before either, each
    /// comparable's whole duration from the start, with StepsRunning set when enough comparables know when their steps
    /// completed to estimate the steps still ahead and the verification as two phases. Comparables that never ran the node, or do not know when their steps
    /// completed, are left out, unless too few remain, in which case the whole durations serve.
    /// </summary>
    private static (Instant Origin, long[] Spans, bool StepsRunning, bool FromSteps) Candidates(Instant upgradeStart, Anchor anchor, Instant? stepsCompletedAt, ComparableTables prepared)
    {
        if (anchor.Found && prepared.After[EnumOrdinals<TimelineNodeKind>.Of(anchor.Node)] is { Length: >= UpgradeEstimate.MinimumComparables } after)
        {
            return (anchor.EndedAt, after, false, false);
        }

        if (prepared.AfterSteps.Length < UpgradeEstimate.MinimumComparables)
        {
            return (upgradeStart, prepared.Durations, false, false);
        }

        return stepsCompletedAt is { } steps && steps >= upgradeStart
            ? (steps, prepared.AfterSteps, false, true)
            : (upgradeStart, prepared.Durations, stepsCompletedAt is null, false);
    }

    /// <summary>The node the estimate is measured from: the running upgrade's latest finished node, when there is one.</summary>
    private readonly record struct Anchor(bool Found, TimelineNodeKind Node, Instant EndedAt);
}
