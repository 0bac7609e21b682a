using NodaTime;

namespace Dataphin.UpgradeKit.Estimates;

/// <summary>
/// When a running upgrade is expected to end, from comparable finished upgrades of the same mode: the median and the
/// 10th to 90th percentile band, as instants and as remaining time at the moment of the estimate. Without enough
/// comparable upgrades there is no baseline, and every figure is null.
/// </summary>
public sealed record UpgradeEstimate
{
    /// <summary>The fewest comparable finished upgrades an estimate is made from: below it, there is no baseline.</summary>
    public const int MinimumComparables = 3;

    /// <summary>False when fewer than <see cref="MinimumComparables"/> comparable upgrades finished: the figures are then null.</summary>
    public required bool HasBaseline { get; init; }

    /// <summary>How many finished upgrades the estimate compared against.</summary>
    public required int Comparables { get; init; }

    /// <summary>When the estimate was made: the remaining times count from it.</summary>
    public required Instant EstimatedAt { get; init; }

    /// <summary>The median expected end, or null without a baseline.</summary>
    public Instant? ExpectedEndAt { get; init; }

    /// <summary>The 10th percentile of the expected end (the early edge of the band), or null without a baseline.</summary>
    public Instant? EarliestEndAt { get; init; }

    /// <summary>The 90th percentile of the expected end (the late edge of the band), or null without a baseline.</summary>
    public Instant? LatestEndAt { get; init; }

    /// <summary>The median remaining time in milliseconds, never negative, or null without a baseline.</summary>
    public long? RemainingMilliseconds { get; init; }

    /// <summary>The remaining time at the early edge of the band in milliseconds, or null without a baseline.</summary>
    public long? RemainingLowMilliseconds { get; init; }

    /// <summary>The remaining time at the late edge of the band in milliseconds, or null without a baseline.</summary>
    public long? RemainingHighMilliseconds { get; init; }

    /// <summary>
    /// The late edge of the band before it is narrowed to what can still happen: the end by which nine in ten comparable
    /// upgrades at the same progress had finished. A stall is measured against it. Null without a baseline.
    /// </summary>
    public Instant? StallThresholdAt { get; init; }

    /// <summary>Whether the upgrade looks stuck, and why; <see cref="StallReason.None"/> when it does not.</summary>
    public StallReason Stall { get; init; }

    /// <summary>True when <see cref="Stall"/> is not <see cref="StallReason.None"/>.</summary>
    public bool Stalled => Stall != StallReason.None;
}
