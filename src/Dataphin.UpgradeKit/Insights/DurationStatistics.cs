using Dataphin.UpgradeKit.Times;
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

    /// <summary>The shortest as the list shows durations: <c>hhh:mm:ss</c>, sub-second parts truncated.</summary>
    public string MinimumText => Text(Minimum);

    /// <summary>The median as <c>hhh:mm:ss</c>.</summary>
    public string MedianText => Text(Median);

    /// <summary>The 90th percentile as <c>hhh:mm:ss</c>.</summary>
    public string Percentile90Text => Text(Percentile90);

    /// <summary>The longest as <c>hhh:mm:ss</c>.</summary>
    public string MaximumText => Text(Maximum);

    /// <summary>
    /// The percentile <paramref name="fraction"/> of <paramref name="count"/> sorted values in ticks, before rounding, from
    /// the value at floor(fraction·(count−1)) and the one after it (null when there is none): the arithmetic of
    /// PostgreSQL's <c>percentile_cont</c>, step for step, so that a store computing it in the database and one computing
    /// it here give the same double.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or <paramref name="fraction"/> is outside [0, 1].</exception>
    public static double Interpolate(long lowerTicks, long? upperTicks, long count, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (fraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A percentile fraction is between 0 and 1.");
        }

        var position = fraction * (count - 1);
        var first = Math.Floor(position);
        double lower = lowerTicks;
        if (upperTicks is not { } upper || Math.Ceiling(position) == first)
        {
            return lower;
        }

        double higher = upper;
        return lower + ((position - first) * (higher - lower));
    }

    /// <summary>The statistics the order statistics of a store describe.</summary>
    public static DurationStatistics From(InsightsOrderStatistics figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new DurationStatistics
        {
            Count = figures.Count,
            Minimum = Duration.FromTicks(figures.MinimumTicks),
            Median = Round(figures.MedianTicks),
            Percentile90 = Round(figures.Percentile90Ticks),
            Maximum = Duration.FromTicks(figures.MaximumTicks),
        };
    }

    // A stored end before its start (refused when reported, possible in imported rows) keeps its sign.
    private static string Text(Duration duration) => duration < Duration.Zero ? "-" + DurationText.Format(-duration) : DurationText.Format(duration);

    private static Duration Round(double ticks) => Duration.FromTicks((long)Math.Round(ticks, MidpointRounding.AwayFromZero));
}
