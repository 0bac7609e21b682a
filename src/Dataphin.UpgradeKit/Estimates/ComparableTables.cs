using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Estimates;

/// <summary>
/// What a list of comparables says, worked out once per list (<see cref="UpgradeEstimator"/> keeps it while the list
/// is reused). Durations: every comparable's, sorted. After: per node, by its ordinal, the sorted spans after it; null
/// for a node no comparable ran. AfterSteps: the sorted verification times (the spans after the steps completed) of the
/// comparables that know when their steps completed; StepsEnds: sorted, when those completed their steps.
/// </summary>
internal sealed record ComparableTables(long[] Durations, long[]?[] After, long[] AfterSteps, long[] StepsEnds)
{
    // By how many comparables are still in their steps: the band of the candidate ends, worked out on first use (a
    // reference written whole, so a race only works one out twice).
    private readonly StrongBox<(long Low, long Median, long High)>?[] inStepsBands = new StrongBox<(long, long, long)>?[StepsEnds.Length + 1];

    public static ComparableTables Of(IReadOnlyList<ComparableUpgrade> comparables)
    {
        var durations = new long[comparables.Count];
        var after = new Dictionary<TimelineNodeKind, List<long>>();
        var afterSteps = new List<long>();
        var stepsEnds = new List<long>();
        for (var i = 0; i < durations.Length; i++)
        {
            var c = comparables[i];
            var duration = c.Duration.BclCompatibleTicks;
            durations[i] = duration;
            if (c.StepsCompletedAfter is { } steps && steps >= NodaTime.Duration.Zero && steps <= c.Duration)
            {
                stepsEnds.Add(steps.BclCompatibleTicks);
                afterSteps.Add(duration - steps.BclCompatibleTicks);
            }

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

        var sortedAfterSteps = afterSteps.ToArray();
        Array.Sort(sortedAfterSteps);
        var sortedStepsEnds = stepsEnds.ToArray();
        Array.Sort(sortedStepsEnds);
        return new ComparableTables(durations, sortedAfter, sortedAfterSteps, sortedStepsEnds);
    }

    /// <summary>
    /// For an upgrade whose steps still run at <paramref name="elapsed"/> after its start: the band of its end, measured
    /// from its start, with the steps and the verification as two independent phases. The steps still ahead come from
    /// the comparables still in their steps at that time (steps' end later than it), the verification from every
    /// comparable that knows its steps' end: the candidate ends are every steps' end of the first kind plus every
    /// verification time, all pairs. Null when fewer than the minimum comparables were still in their steps.
    /// </summary>
    public (long Low, long Median, long High)? StillInSteps(long elapsed)
    {
        var count = StepsEnds.Length - SortedSpans.UpperBound(StepsEnds, elapsed);
        return count >= UpgradeEstimate.MinimumComparables ? InSteps(count) : null;
    }

    /// <summary>
    /// The band of all pairs of the <paramref name="count"/> latest steps' ends and every verification time. The comparables
    /// still in their steps at a given time are those with the latest steps' ends, so the band depends only on how many
    /// they are: worked out once per count, then kept.
    /// </summary>
    public (long Low, long Median, long High) InSteps(int count)
    {
        var box = Volatile.Read(ref inStepsBands[count]);
        if (box is null)
        {
            var steps = StepsEnds.AsSpan(StepsEnds.Length - count);
            box = new StrongBox<(long, long, long)>((SumQuantile(steps, AfterSteps, 0.1), SumQuantile(steps, AfterSteps, 0.5), SumQuantile(steps, AfterSteps, 0.9)));
            Volatile.Write(ref inStepsBands[count], box);
        }

        return box.Value;
    }

    /// <summary>
    /// The <paramref name="q"/> quantile of every sum a + b (a from <paramref name="a"/>, b from <paramref name="b"/>,
    /// both sorted), interpolating linearly between ranks as <see cref="SortedSpans.Quantile"/> does, without listing
    /// the sums: the order statistics are found by bisection on the value, counting the sums not above it in one pass.
    /// </summary>
    internal static long SumQuantile(ReadOnlySpan<long> a, ReadOnlySpan<long> b, double q)
    {
        var n = (long)a.Length * b.Length;
        var h = (n - 1) * q;
        var i = (long)Math.Floor(h);
        var low = SumOrderStatistic(a, b, i);
        if (i + 1 >= n || h == i)
        {
            return low;
        }

        var high = SumsAtMost(a, b, low) >= i + 2 ? low : NextSum(a, b, low);
        return low + (long)Math.Round((high - low) * (h - i));
    }

    /// <summary>The <paramref name="rank"/>-th smallest sum (from 0).</summary>
    private static long SumOrderStatistic(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long rank)
    {
        long lo = a[0] + b[0], hi = a[^1] + b[^1];
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (SumsAtMost(a, b, mid) > rank)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>How many sums are not above <paramref name="value"/>: a pointer into b walks down as a walks up.</summary>
    private static long SumsAtMost(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long value)
    {
        long count = 0;
        var j = b.Length;
        foreach (var x in a)
        {
            while (j > 0 && x + b[j - 1] > value)
            {
                j--;
            }

            if (j == 0)
            {
                break;
            }

            count += j;
        }

        return count;
    }

    /// <summary>The smallest sum above <paramref name="value"/> (there is one: the caller asks below the largest).</summary>
    private static long NextSum(ReadOnlySpan<long> a, ReadOnlySpan<long> b, long value)
    {
        var next = long.MaxValue;
        var j = b.Length;
        foreach (var x in a)
        {
            // The first b above value - x; as x grows it can only move down.
            while (j > 0 && x + b[j - 1] > value)
            {
                j--;
            }

            if (j < b.Length)
            {
                next = Math.Min(next, x + b[j]);
            }
        }

        return next;
    }
}
