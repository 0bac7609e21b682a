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
/// The order statistics of one metric of one group, in ticks (100 ns): the values sorted ascending are
/// v[0] … v[Count-1]; the <c>…Lower</c> and <c>…Upper</c> values of a percentile p are v[floor(p·(Count−1))] and the
/// value after it (null when there is none). The SDK interpolates between them as PostgreSQL's
/// <c>percentile_cont</c> does.
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

    /// <summary>v[floor(0.5·(Count−1))].</summary>
    public required long MedianLowerTicks { get; init; }

    /// <summary>The value after <see cref="MedianLowerTicks"/>, or null.</summary>
    public long? MedianUpperTicks { get; init; }

    /// <summary>v[floor(0.9·(Count−1))].</summary>
    public required long Percentile90LowerTicks { get; init; }

    /// <summary>The value after <see cref="Percentile90LowerTicks"/>, or null.</summary>
    public long? Percentile90UpperTicks { get; init; }

    /// <summary>How many values exceed the query's maintenance budget; null without a budget or for another metric.</summary>
    public long? OverBudget { get; init; }
}
