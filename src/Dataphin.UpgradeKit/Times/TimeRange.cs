using NodaTime;

namespace Dataphin.UpgradeKit.Times;

/// <summary>
/// A start, an end and the total between them, each possibly unknown. Built by <see cref="UpgradeTimes"/>,
/// which guarantees <see cref="Total"/> is known exactly when both ends are, and is never negative.
/// </summary>
/// <param name="Start">When it started, or null when unknown or not shown.</param>
/// <param name="End">When it ended, or null when unknown or not shown.</param>
/// <param name="Total">End minus start, or null when either is unknown.</param>
public readonly record struct TimeRange(Instant? Start, Instant? End, Duration? Total)
{
    /// <summary>Nothing known: every field is shown as <c>-</c>.</summary>
    public static TimeRange None => default;
}
