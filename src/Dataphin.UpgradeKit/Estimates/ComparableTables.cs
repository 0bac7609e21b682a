using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Estimates;

/// <summary>
/// What a list of comparables says, worked out once per list (<see cref="UpgradeEstimator"/> keeps it while the list
/// is reused). Durations: every comparable's, sorted. After: per node, by its ordinal, the sorted spans after it; null
/// for a node no comparable ran. AfterSteps: the sorted spans after the steps completed, of the comparables that know
/// when. StepsKeys: sorted, when each comparable's steps completed, or its duration when that is not known.
/// InStepsBands: by how many comparables are still in their steps (of three or more), the band of their durations.
/// </summary>
internal sealed record ComparableTables(long[] Durations, long[]?[] After, long[] AfterSteps, long[] StepsKeys, (long Low, long Median, long High)[] InStepsBands)
{
    public static ComparableTables Of(IReadOnlyList<ComparableUpgrade> comparables)
    {
        // Each duration with the time by which a comparable still running must not have completed its
        // steps to count as still in them: its steps' end when known, else its duration (only "still running" is known).
        var keyed = new (long Duration, long StepsKey)[comparables.Count];
        var after = new Dictionary<TimelineNodeKind, List<long>>();
        var afterSteps = new List<long>();
        for (var i = 0; i < keyed.Length; i++)
        {
            var c = comparables[i];
            var duration = c.Duration.BclCompatibleTicks;
            var stepsKey = duration;
            if (c.StepsCompletedAfter is { } steps && steps >= NodaTime.Duration.Zero && steps <= c.Duration)
            {
                stepsKey = steps.BclCompatibleTicks;
                afterSteps.Add(duration - stepsKey);
            }

            keyed[i] = (duration, stepsKey);
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

        var durations = new long[keyed.Length];
        for (var i = 0; i < keyed.Length; i++)
        {
            durations[i] = keyed[i].Duration;
        }

        Array.Sort(durations);

        var sortedAfter = new long[]?[EnumOrdinals<TimelineNodeKind>.Count];
        foreach (var (node, list) in after)
        {
            var spans = list.ToArray();
            Array.Sort(spans);
            sortedAfter[EnumOrdinals<TimelineNodeKind>.Of(node)] = spans;
        }

        var sortedAfterSteps = afterSteps.ToArray();
        Array.Sort(sortedAfterSteps);
        var (stepsKeys, inStepsBands) = BandsByCountInSteps(keyed);
        return new ComparableTables(durations, sortedAfter, sortedAfterSteps, stepsKeys, inStepsBands);
    }

    /// <summary>
    /// For an upgrade whose steps still run: the comparables still in their steps at a given time are those whose steps'
    /// end (or duration, when not known) is later, the last ones in the order of those keys. So the band of their
    /// durations depends only on how many they are, and is worked out here once per list for every count (sorted
    /// insertion, at most a few hundred comparables), leaving a binary search per estimate.
    /// </summary>
    private static (long[] Keys, (long Low, long Median, long High)[] Bands) BandsByCountInSteps((long Duration, long StepsKey)[] comparables)
    {
        var byKey = ((long Duration, long StepsKey)[])comparables.Clone();
        Array.Sort(byKey, static (a, b) => a.StepsKey.CompareTo(b.StepsKey));
        var keys = new long[byKey.Length];
        var bands = new (long, long, long)[byKey.Length + 1];
        var sorted = new List<long>(byKey.Length);
        for (var i = byKey.Length - 1; i >= 0; i--)
        {
            keys[i] = byKey[i].StepsKey;
            var at = sorted.BinarySearch(byKey[i].Duration);
            sorted.Insert(at < 0 ? ~at : at, byKey[i].Duration);
            if (sorted.Count >= UpgradeEstimate.MinimumComparables)
            {
                var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sorted);
                bands[sorted.Count] = (SortedSpans.Quantile(span, 0.1), SortedSpans.Quantile(span, 0.5), SortedSpans.Quantile(span, 0.9));
            }
        }

        return (keys, bands);
    }

    /// <summary>
    /// The band of the whole durations of the comparables that, at <paramref name="elapsed"/> after their start, were
    /// still in their upgrade steps (or, not knowing when those completed, still running); null when fewer than the
    /// minimum were. A steps' end is never after the duration, so those are also the ones still running.
    /// </summary>
    public (long Low, long Median, long High)? StillInSteps(long elapsed)
    {
        var count = StepsKeys.Length - SortedSpans.UpperBound(StepsKeys, elapsed);
        return count >= UpgradeEstimate.MinimumComparables ? InStepsBands[count] : null;
    }
}
