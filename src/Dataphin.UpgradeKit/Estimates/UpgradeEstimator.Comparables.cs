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

        Array.Sort(byDuration);
        var durations = new long[byDuration.Length];
        var stepsKeys = new long[byDuration.Length];
        for (var i = 0; i < byDuration.Length; i++)
        {
            (durations[i], stepsKeys[i]) = byDuration[i];
        }

        var sortedAfter = new long[]?[EnumOrdinals<TimelineNodeKind>.Count];
        foreach (var (node, list) in after)
        {
            var spans = list.ToArray();
            Array.Sort(spans);
            sortedAfter[EnumOrdinals<TimelineNodeKind>.Of(node)] = spans;
        }

        var sortedAfterSteps = afterSteps.ToArray();
        Array.Sort(sortedAfterSteps);
        return new Prepared(durations, stepsKeys, sortedAfter, sortedAfterSteps);
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
    /// Durations: every comparable's, sorted. StepsKeys: aligned with them, when each comparable's steps completed, or
    /// its duration when that is not known. After: per node, by its ordinal, the sorted spans after it; null for a node no
    /// comparable ran. AfterSteps: the sorted spans after the steps completed, of the comparables that know when.
    /// </summary>
    private sealed record Prepared(long[] Durations, long[] StepsKeys, long[]?[] After, long[] AfterSteps);
}
