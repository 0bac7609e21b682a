using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Estimates;

// What a list of comparables says, sorted once per list: whole durations, the time still run after each node and after
// the steps completed, and the order statistics the estimate reads from them.
public static partial class UpgradeEstimator
{
    private static Prepared Prepare(IReadOnlyList<ComparableUpgrade> comparables)
    {
        // Whole durations sorted, each with the time by which a comparable still running must not have completed its
        // steps to count as still in them: its steps' end when known, else its duration (only "still running" is known).
        var byDuration = new (long Duration, long StepsKey)[comparables.Count];
        var after = new Dictionary<TimelineNodeKind, List<long>>();
        var afterSteps = new List<long>();
        for (var i = 0; i < byDuration.Length; i++)
        {
            var c = comparables[i];
            var duration = c.Duration.BclCompatibleTicks;
            var stepsKey = duration;
            if (c.StepsCompletedAfter is { } steps && steps >= NodaTime.Duration.Zero && steps <= c.Duration)
            {
                stepsKey = steps.BclCompatibleTicks;
                afterSteps.Add(duration - stepsKey);
            }

            byDuration[i] = (duration, stepsKey);
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

        var durations = new long[byDuration.Length];
        for (var i = 0; i < byDuration.Length; i++)
        {
            durations[i] = byDuration[i].Duration;
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
        var (stepsKeys, inStepsBands) = InStepsBands(byDuration);
        return new Prepared(durations, sortedAfter, sortedAfterSteps, stepsKeys, inStepsBands);
    }

    /// <summary>
    /// For an upgrade whose steps still run: the comparables still in their steps at a given time are those whose steps'
    /// end (or duration, when not known) is later, the last ones in the order of those keys. So the band of their
    /// durations depends only on how many they are, and is worked out here once per list for every count (sorted
    /// insertion, at most a few hundred comparables), leaving a binary search per estimate.
    /// </summary>
    private static (long[] Keys, (long Low, long Median, long High)[] Bands) InStepsBands((long Duration, long StepsKey)[] comparables)
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
                bands[sorted.Count] = (Quantile(span, 0.1), Quantile(span, 0.5), Quantile(span, 0.9));
            }
        }

        return (keys, bands);
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

    /// <summary>
    /// Durations: every comparable's, sorted. After: per node, by its ordinal, the sorted spans after it; null for a node
    /// no comparable ran. AfterSteps: the sorted spans after the steps completed, of the comparables that know when.
    /// StepsKeys: sorted, when each comparable's steps completed, or its duration when that is not known. InStepsBands:
    /// by how many comparables are still in their steps (of three or more), the band of their durations.
    /// </summary>
    private sealed record Prepared(long[] Durations, long[]?[] After, long[] AfterSteps, long[] StepsKeys, (long Low, long Median, long High)[] InStepsBands);
}
