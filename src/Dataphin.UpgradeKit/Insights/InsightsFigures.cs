namespace Dataphin.UpgradeKit.Insights;

/// <summary>
/// What a store computes where the records live for the insights: counts per group and status, and the order
/// statistics of each duration per group. The SDK turns them into <see cref="UpgradeInsights"/>; store authors fill it.
/// </summary>
public sealed class InsightsFigures
{
    /// <summary>How many records of each group are in each status; statuses without records may be left out.</summary>
    public required IReadOnlyList<InsightsStatusCount> Counts { get; init; }

    /// <summary>The order statistics of each metric of each group that has at least one value.</summary>
    public required IReadOnlyList<InsightsOrderStatistics> Durations { get; init; }
}

/// <summary>The number of records of one group in one status.</summary>
public sealed class InsightsStatusCount
{
    /// <summary>The group.</summary>
    public required InsightsGroupKey Group { get; init; }

    /// <summary>The status.</summary>
    public required UpgradeStatus Status { get; init; }

    /// <summary>How many records.</summary>
    public required long Count { get; init; }
}

/// <summary>
/// The order statistics of one metric of one group, in ticks (100 ns): with the values sorted ascending as
/// v[0] … v[Count-1], a percentile p is interpolated linearly between the two closest ranks as PostgreSQL's
/// <c>percentile_cont</c> does ("type 7"): for the position p·(Count−1), its floor i and fraction f, v[i] + (v[i+1] − v[i])·f
/// in double precision, not rounded (v[i] alone when f is 0). The SDK rounds it to the nearest tick.
/// </summary>
public sealed class InsightsOrderStatistics
{
    /// <summary>The group.</summary>
    public required InsightsGroupKey Group { get; init; }

    /// <summary>The metric.</summary>
    public required InsightsMetric Metric { get; init; }

    /// <summary>How many values.</summary>
    public required long Count { get; init; }

    /// <summary>The smallest value.</summary>
    public required long MinimumTicks { get; init; }

    /// <summary>The largest value.</summary>
    public required long MaximumTicks { get; init; }

    /// <summary>The median (p = 0.5), interpolated and not rounded.</summary>
    public required double MedianTicks { get; init; }

    /// <summary>The 90th percentile (p = 0.9), interpolated and not rounded.</summary>
    public required double Percentile90Ticks { get; init; }

    /// <summary>How many values exceed the query's maintenance budget; null without a budget or for another metric.</summary>
    public long? OverBudget { get; init; }
}
