using System.Text.Json.Serialization;
using NodaTime;

namespace Dataphin.UpgradeKit.Notifications;

/// <summary>
/// Something only the host can act on (R-HOST-1). Delivered after the change is stored, at least once: a
/// handler must be idempotent by <see cref="Id"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(UpgradeStoppedNotification), "stopped")]
[JsonDerivedType(typeof(UpgradeCompletedNotification), "completed")]
[JsonDerivedType(typeof(UpgradeFailedNotification), "failed")]
[JsonDerivedType(typeof(UpgradeForceStoppedNotification), "forceStopped")]
public abstract record UpgradeNotification
{
    /// <summary>The stable id of this notification; the same on every delivery attempt.</summary>
    public required Guid Id { get; init; }

    /// <summary>The record it is about.</summary>
    public required UpgradeRecordId RecordId { get; init; }

    /// <summary>When the change that caused it was stored.</summary>
    public required Instant OccurredAt { get; init; }
}

/// <summary>
/// The upgrade was stopped: resume job scheduling and exit maintenance upgrade mode, and rerun the
/// force-stopped task instances when <see cref="RerunForceStoppedInstances"/> is true (R-SM-4).
/// </summary>
public sealed record UpgradeStoppedNotification : UpgradeNotification
{
    /// <summary>True when the operator chose to rerun force-stopped instances.</summary>
    public required bool RerunForceStoppedInstances { get; init; }

    /// <summary>True when the upgrade was in maintenance mode, which the host must now exit.</summary>
    public required bool ExitMaintenanceMode { get; init; }
}

/// <summary>The operator completed the upgrade after verification (R-SM-6).</summary>
public sealed record UpgradeCompletedNotification : UpgradeNotification;

/// <summary>The host reported the upgrade failed.</summary>
public sealed record UpgradeFailedNotification : UpgradeNotification
{
    /// <summary>The reported failure, if any.</summary>
    public string? Reason { get; init; }
}

/// <summary>A qualified O&amp;M engineer force-stopped the upgrade with a declared result (R-SM-5).</summary>
public sealed record UpgradeForceStoppedNotification : UpgradeNotification
{
    /// <summary>The declared result.</summary>
    public required ForceStopResult Result { get; init; }
}
