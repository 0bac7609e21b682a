using NodaTime;

namespace Dataphin.UpgradeKit.Insights;

/// <summary>
/// Minimum, median, 90th percentile and maximum of a set of durations. Percentiles interpolate linearly between the two
/// closest ranks (PostgreSQL's <c>percentile_cont</c>, "type 7"): for p and n sorted values, the position p·(n−1), its
/// floor i and fraction f give v[i] + (v[i+1] − v[i])·f, rounded to the nearest tick.
/// </summary>
public sealed class DurationStatistics
{
    /// <summary>The median's p.</summary>
    public const double MedianFraction = 0.5;

    /// <summary>The 90th percentile's p.</summary>
    public const double Percentile90Fraction = 0.9;

    /// <summary>How many durations.</summary>
    public required long Count { get; init; }

    /// <summary>The shortest.</summary>
    public required Duration Minimum { get; init; }

    /// <summary>The median (50th percentile).</summary>
    public required Duration Median { get; init; }

    /// <summary>The 90th percentile.</summary>
    public required Duration Percentile90 { get; init; }

    /// <summary>The longest.</summary>
    public required Duration Maximum { get; init; }

    /// <summary>
    /// The percentile <paramref name="fraction"/> of <paramref name="count"/> sorted values, from the value at
    /// floor(fraction·(count−1)) and the one after it (null when there is none).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or <paramref name="fraction"/> is outside [0, 1].</exception>
    public static Duration Interpolate(long lowerTicks, long? upperTicks, long count, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (fraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A percentile fraction is between 0 and 1.");
        }

        var position = fraction * (count - 1);
        var proportion = position - Math.Floor(position);
        if (upperTicks is not { } upper || proportion == 0)
        {
            return Duration.FromTicks(lowerTicks);
        }

        double lower = lowerTicks;
        return Duration.FromTicks((long)Math.Round(lower + ((upper - lower) * proportion), MidpointRounding.AwayFromZero));
    }

    /// <summary>The statistics the order statistics of a store describe.</summary>
    public static DurationStatistics From(InsightsOrderStatistics figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new DurationStatistics
        {
            Count = figures.Count,
            Minimum = Duration.FromTicks(figures.MinimumTicks),
            Median = Interpolate(figures.MedianLowerTicks, figures.MedianUpperTicks, figures.Count, MedianFraction),
            Percentile90 = Interpolate(figures.Percentile90LowerTicks, figures.Percentile90UpperTicks, figures.Count, Percentile90Fraction),
            Maximum = Duration.FromTicks(figures.MaximumTicks),
        };
    }
}
