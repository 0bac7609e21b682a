using Dataphin.UpgradeKit.Estimates;
using NodaTime;

namespace Dataphin.UpgradeKit.Notifications;

/// <summary>
/// A running upgrade looks stuck: it has run well past its estimate, or no progress was reported for too long. Sent
/// once when a stall begins; the upgrade may stall again later (after progress resumed), which is a new stall with a
/// new <see cref="UpgradeNotification.Id"/>. The SDK changes nothing: a person should look at the upgrade.
/// </summary>
public sealed record UpgradeStalledNotification : UpgradeNotification
{
    /// <summary>Why the upgrade looks stuck when the stall began.</summary>
    public required StallReason Reason { get; init; }

    /// <summary>When the upgrade started.</summary>
    public required Instant UpgradeStartedAt { get; init; }

    /// <summary>The end by which nine in ten comparable upgrades had finished, or null when there are too few to compare with.</summary>
    public Instant? StallThresholdAt { get; init; }

    /// <summary>The latest progress reported for the upgrade, or null when none was reported.</summary>
    public Instant? LastProgressAt { get; init; }
}
