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
/// node's end, these give the candidate ends, so the band tightens as nodes finish. Candidates already in the past are
/// dropped while at least <see cref="UpgradeEstimate.MinimumComparables"/> remain (an upgrade that has run long is
/// compared with those that ran at least as long); otherwise every candidate is moved to now. The band is the 10th and
/// 90th percentile of the candidates, the expected end their median (linear interpolation between ranks). What the
/// comparables say after each node is sorted once per list of comparables and reused while the same list is passed.
/// </remarks>
public static class UpgradeEstimator
{
    // Per list of comparables (the caller reuses one list for a while): the sorted durations, and per node the sorted
    // time still run after it. Weak, so a list no longer used takes its tables with it.
    private static readonly ConditionalWeakTable<IReadOnlyList<ComparableUpgrade>, Prepared> PreparedLists = new();

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
    /// <exception cref="ArgumentNullException"><paramref name="comparables"/> is null.</exception>
    public static UpgradeEstimate Estimate(Instant upgradeStart, UpgradeTimeline? timeline, IReadOnlyList<ComparableUpgrade> comparables, Instant now,
        Instant? lastProgressAt = null, UpgradeEstimateOptions? options = null)
    {
        Guard.NotNull(comparables);
        return EstimateAt(upgradeStart, LastFinishedNode(upgradeStart, timeline), comparables, now, lastProgressAt, options ?? Defaults);
    }

    /// <summary>
    /// The estimate of an upgrade that started at <paramref name="upgradeStart"/>, made at <paramref name="now"/>, from
    /// the summaries of its timeline's subjects as a store keeps them: the same estimate as
    /// <see cref="Estimate(Instant, UpgradeTimeline, IReadOnlyList{ComparableUpgrade}, Instant, Instant?, UpgradeEstimateOptions)"/> with
    /// the timeline of these summaries and their <see cref="LastProgressAt"/>, without building the timeline. This is
    /// what the list rows, the View log and the stall check use for every running upgrade.
    /// </summary>
    /// <param name="upgradeStart">When the running upgrade started.</param>
    /// <param name="summaries">The summaries of its timeline's subjects so far, any order; empty when none was reported.</param>
    /// <param name="comparables">Finished upgrades of the same mode, any order; do not change a list after passing it (it is prepared once and reused).</param>
    /// <param name="now">The moment of the estimate.</param>
    /// <param name="options">Stall margin and timeout; the defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="summaries"/> or <paramref name="comparables"/> is null.</exception>
    public static UpgradeEstimate EstimateFromSummaries(Instant upgradeStart, IReadOnlyList<TimelineSubjectSummary> summaries,
        IReadOnlyList<ComparableUpgrade> comparables, Instant now, UpgradeEstimateOptions? options = null)
    {
        Guard.NotNull(summaries);
        Guard.NotNull(comparables);
        options ??= Defaults;
        if (!TryLastFinishedNode(upgradeStart, summaries, out var anchor, out var lastProgressAt))
        {
            // One subject given twice: what the node is depends on both summaries merged, as the timeline merges them.
            return Estimate(upgradeStart, TimelineAggregator.FromSummaries(summaries), comparables, now, LastProgressAt(summaries), options);
        }

        return EstimateAt(upgradeStart, anchor, comparables, now, lastProgressAt, options);
    }

    private static UpgradeEstimate EstimateAt(Instant upgradeStart, Anchor anchor, IReadOnlyList<ComparableUpgrade> comparables, Instant now,
        Instant? lastProgressAt, UpgradeEstimateOptions options)
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
        var (origin, spans) = Candidates(upgradeStart, anchor, PreparedLists.GetValue(comparables, Prepare));
        var threshold = origin + Duration.FromTicks(Quantile(spans, 0.9));
        var elapsed = (now - origin).BclCompatibleTicks;
        var survivors = spans.AsSpan(UpperBound(spans, elapsed));
        long low, median, high;
        if (survivors.Length >= UpgradeEstimate.MinimumComparables)
        {
            (low, median, high) = (Quantile(survivors, 0.1), Quantile(survivors, 0.5), Quantile(survivors, 0.9));
        }
        else
        {
            // Every candidate moves to now (a copy: the sorted spans are shared).
            var clamped = new long[spans.Length];
            for (var i = 0; i < clamped.Length; i++)
            {
                clamped[i] = Math.Max(spans[i], elapsed);
            }

            (low, median, high) = (Quantile(clamped, 0.1), Quantile(clamped, 0.5), Quantile(clamped, 0.9));
        }

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
    /// Where the candidate ends are measured from, and the sorted spans after it in ticks: after the running upgrade's
    /// latest finished node, what each comparable still ran after that node; before any node finished, each comparable's
    /// whole duration from the start. Comparables that never ran the node are left out, unless too few remain, in which
    /// case the whole durations serve.
    /// </summary>
    private static (Instant Origin, long[] Spans) Candidates(Instant upgradeStart, Anchor anchor, Prepared prepared) =>
        anchor.Found && prepared.After[EnumOrdinals<TimelineNodeKind>.Of(anchor.Node)] is { Length: >= UpgradeEstimate.MinimumComparables } after
            ? (anchor.EndedAt, after)
            : (upgradeStart, prepared.Durations);

    /// <summary>The finished node that ended last, not before the start (equal ends: the later node in timeline order).</summary>
    private static Anchor LastFinishedNode(Instant upgradeStart, UpgradeTimeline? timeline)
    {
        var anchor = default(Anchor);
        if (timeline is not null)
        {
            foreach (var node in timeline.Nodes)
            {
                if (node.EndedAt is { } end && end >= upgradeStart && (!anchor.Found || end >= anchor.EndedAt))
                {
                    anchor = new Anchor(true, node.Kind, end);
                }
            }
        }

        return anchor;
    }

    /// <summary>
    /// The last finished node of the timeline of <paramref name="summaries"/> and their
    /// latest event, in one pass without building the timeline: a node is finished when it has subjects and every one
    /// has an end not before its start, and it ends at their latest end (the rules of
    /// <see cref="TimelineAggregator"/>). False when a subject that is not finished is given twice: only the merged
    /// summary says whether it finished.
    /// </summary>
    private static bool TryLastFinishedNode(Instant upgradeStart, IReadOnlyList<TimelineSubjectSummary> summaries, out Anchor anchor, out Instant? lastProgressAt)
    {
        // Plain instants and flags rather than nullable ones: this loop runs for every running row of a list page.
        var count = EnumOrdinals<TimelineNodeKind>.Count;
        Span<NodeProgress> nodes = stackalloc NodeProgress[count];
        var hasLast = false;
        var last = default(Instant);
        anchor = default;
        lastProgressAt = null;
        for (var i = 0; i < summaries.Count; i++)
        {
            var s = summaries[i];
            ArgumentNullException.ThrowIfNull(s, nameof(summaries));
            ref var node = ref nodes[EnumOrdinals<TimelineNodeKind>.Of(s.Node)];
            node.Any = true;
            var started = s.StartedAt;
            var ended = s.EndedAt;
            if (started.HasValue && (!hasLast || started.GetValueOrDefault() > last))
            {
                (last, hasLast) = (started.GetValueOrDefault(), true);
            }

            if (ended.HasValue)
            {
                var end = ended.GetValueOrDefault();
                if (!hasLast || end > last)
                {
                    (last, hasLast) = (end, true);
                }

                if (!started.HasValue || end >= started.GetValueOrDefault())
                {
                    node.End = node.HasEnd && node.End > end ? node.End : end;
                    node.HasEnd = true;
                    continue;
                }
            }

            // Not finished (no end, or an end before its start).
            node.Unfinished = true;
            if (IsGivenTwice(summaries, i))
            {
                return false;
            }
        }

        for (var i = 0; i < count; i++)
        {
            ref readonly var node = ref nodes[i];
            if (node.Any && !node.Unfinished && node.End >= upgradeStart && (!anchor.Found || node.End >= anchor.EndedAt))
            {
                anchor = new Anchor(true, EnumOrdinals<TimelineNodeKind>.Values[i], node.End);
            }
        }

        lastProgressAt = hasLast ? last : null;
        return true;
    }

    private static bool IsGivenTwice(IReadOnlyList<TimelineSubjectSummary> summaries, int index)
    {
        var one = summaries[index];
        for (var j = 0; j < summaries.Count; j++)
        {
            var other = summaries[j];
            if (j != index && other is not null && other.Node == one.Node && string.Equals(other.Subject, one.Subject, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static Prepared Prepare(IReadOnlyList<ComparableUpgrade> comparables)
    {
        var durations = new long[comparables.Count];
        var after = new Dictionary<TimelineNodeKind, List<long>>();
        for (var i = 0; i < durations.Length; i++)
        {
            var c = comparables[i];
            durations[i] = c.Duration.BclCompatibleTicks;
            foreach (var (node, end) in c.NodeEnds)
            {
                if (end <= c.Duration && Enum.IsDefined(node)) // a node this version does not know is left out
                {
                    if (!after.TryGetValue(node, out var list))
                    {
                        after[node] = list = [];
                    }

                    list.Add((c.Duration - end).BclCompatibleTicks);
                }
            }
        }

        Array.Sort(durations);
        var sortedAfter = new long[]?[EnumOrdinals<TimelineNodeKind>.Count];
        foreach (var (node, list) in after)
        {
            var spans = list.ToArray();
            Array.Sort(spans);
            sortedAfter[EnumOrdinals<TimelineNodeKind>.Of(node)] = spans;
        }

        return new Prepared(durations, sortedAfter);
    }

    /// <summary>The index of the first value greater than <paramref name="value"/> in sorted <paramref name="sorted"/>.</summary>
    private static int UpperBound(long[] sorted, long value)
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

    // After: per node, by its ordinal, the sorted spans after it; null for a node no comparable ran.
    private sealed record Prepared(long[] Durations, long[]?[] After);

    /// <summary>The node the estimate is measured from: the running upgrade's latest finished node, when there is one.</summary>
    private readonly record struct Anchor(bool Found, TimelineNodeKind Node, Instant EndedAt);

    /// <summary>What one pass over the summaries learns of a node: whether it has subjects, whether one is unfinished, its latest end.</summary>
    private struct NodeProgress
    {
        public bool Any;
        public bool Unfinished;
        public bool HasEnd;
        public Instant End;
    }
}
