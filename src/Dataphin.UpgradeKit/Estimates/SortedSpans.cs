namespace Dataphin.UpgradeKit.Estimates;

/// <summary>Order statistics of sorted tick counts: where a value falls, and quantiles.</summary>
internal static class SortedSpans
{
    /// <summary>The index of the first value greater than <paramref name="value"/> in sorted <paramref name="sorted"/>.</summary>
    public static int UpperBound(long[] sorted, long value)
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
    public static long Quantile(ReadOnlySpan<long> sorted, double q)
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
