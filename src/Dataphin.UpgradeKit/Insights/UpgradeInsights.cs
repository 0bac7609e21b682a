using NodaTime;

namespace Dataphin.UpgradeKit.Insights;

/// <summary>The insights over an interval: every record, then per mode and per target version.</summary>
public sealed class UpgradeInsights
{
    /// <summary>The start (inclusive) of the records' creation interval the figures cover; null when open.</summary>
    public Instant? From { get; init; }

    /// <summary>The end (exclusive) of the records' creation interval the figures cover; null when open.</summary>
    public Instant? To { get; init; }

    /// <summary>
    /// <see cref="From"/> as a time in the requested time zone and language, or <c>-</c> when open; null when the insights
    /// were asked for without display settings.
    /// </summary>
    public string? FromText { get; init; }

    /// <summary><see cref="To"/> as a time in the requested time zone and language, or <c>-</c> when open; null without display settings.</summary>
    public string? ToText { get; init; }

    /// <summary>The maintenance budget overruns were counted against; null when none was given.</summary>
    public Duration? MaintenanceBudget { get; init; }

    /// <summary>Every record of the interval.</summary>
    public required InsightsGroup Overall { get; init; }

    /// <summary>One group per upgrade mode that has records, in the mode's order.</summary>
    public required IReadOnlyList<InsightsGroup> ByMode { get; init; }

    /// <summary>One group per target version that has records, lowest version first.</summary>
    public required IReadOnlyList<InsightsGroup> ByTargetVersion { get; init; }
}

/// <summary>
/// The figures of one group of records. A figure without data (a rate with no finished upgrade, a duration nobody
/// measured, overruns without a budget) is null, never zero.
/// </summary>
public sealed class InsightsGroup
{
    /// <summary>The mode of a per-mode group; null otherwise.</summary>
    public UpgradeMode? Mode { get; init; }

    /// <summary>The target version of a per-version group, e.g. 5.1.0 (a fourth number only when it is not 0); null otherwise.</summary>
    public string? TargetVersion { get; init; }

    /// <summary>How many records.</summary>
    public required long Count { get; init; }

    /// <summary>How many records are in each status, every status listed in its declared order.</summary>
    public required IReadOnlyList<InsightsStatusTotal> Statuses { get; init; }

    /// <summary>How many upgrades finished: succeeded, failed, stopped or force-stopped (canceled ones excluded).</summary>
    public required long Finished { get; init; }

    /// <summary>Succeeded plus force-stopped-and-marked-as-succeeded, over <see cref="Finished"/>; null when none finished.</summary>
    public double? SuccessRate { get; init; }

    /// <summary>Failed plus force-stopped-and-marked-as-failed, over <see cref="Finished"/>; null when none finished.</summary>
    public double? ChangeFailureRate { get; init; }

    /// <summary>From the end of a failed upgrade to the end of the next succeeded one of the group; null when none recovered.</summary>
    public DurationStatistics? TimeToRecover { get; init; }

    /// <summary>Upgrade durations (end minus start); null when no upgrade has both.</summary>
    public DurationStatistics? UpgradeDuration { get; init; }

    /// <summary>Maintenance-mode durations; null when no window has both ends.</summary>
    public DurationStatistics? MaintenanceDuration { get; init; }

    /// <summary>How many maintenance windows lasted longer than the budget; null without a budget or without windows.</summary>
    public long? MaintenanceOverruns { get; init; }
}

/// <summary>The number of records of a group in one status.</summary>
public sealed class InsightsStatusTotal
{
    /// <summary>The status.</summary>
    public required UpgradeStatus Status { get; init; }

    /// <summary>How many records.</summary>
    public required long Count { get; init; }
}
