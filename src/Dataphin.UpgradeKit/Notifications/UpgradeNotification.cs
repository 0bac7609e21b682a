using System.Text.Json.Serialization;
using NodaTime;

namespace Dataphin.UpgradeKit.Notifications;

/// <summary>
/// Something only the host can act on. Delivered after the change is stored, at least once: a
/// handler must be idempotent by <see cref="Id"/>; <see cref="Attempt"/> says how often it was handed out.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(UpgradeStoppedNotification), "stopped")]
[JsonDerivedType(typeof(UpgradeCompletedNotification), "completed")]
[JsonDerivedType(typeof(UpgradeFailedNotification), "failed")]
[JsonDerivedType(typeof(UpgradeForceStoppedNotification), "forceStopped")]
[JsonDerivedType(typeof(UpgradeStalledNotification), "stalled")]
[JsonDerivedType(typeof(ForceStopRequestNotification), "forceStopRequest")]
public abstract record UpgradeNotification
{
    /// <summary>The stable id of this notification; the same on every delivery attempt.</summary>
    public required Guid Id { get; init; }

    /// <summary>The record it is about.</summary>
    public required UpgradeRecordId RecordId { get; init; }

    /// <summary>When the change that caused it was stored.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>
    /// Which delivery attempt this is, counted from 1: 1 the first time the handler receives it, more after a
    /// failed attempt or a lease that expired. Together with <see cref="Id"/> it tells a handler that it may have acted
    /// on this notification before.
    /// </summary>
    /// <value>The default value is 1.</value>
    public int Attempt { get; init; } = 1;
}

/// <summary>
/// The upgrade was stopped: resume job scheduling and exit maintenance upgrade mode, and rerun the
/// force-stopped task instances when <see cref="RerunForceStoppedInstances"/> is true.
/// </summary>
public sealed record UpgradeStoppedNotification : UpgradeNotification
{
    /// <summary>True when the operator chose to rerun force-stopped instances.</summary>
    public required bool RerunForceStoppedInstances { get; init; }

    /// <summary>The reason the operator gave for stopping; null when they gave none. Operator-written text: show it as text, never as markup.</summary>
    public string? OperatorReason { get; init; }

    /// <summary>True when the upgrade was in maintenance mode, which the host must now exit.</summary>
    public required bool ExitMaintenanceMode { get; init; }
}

/// <summary>The operator completed the upgrade after verification.</summary>
public sealed record UpgradeCompletedNotification : UpgradeNotification;

/// <summary>The host reported the upgrade failed.</summary>
public sealed record UpgradeFailedNotification : UpgradeNotification
{
    /// <summary>The reported failure, if any.</summary>
    public string? Reason { get; init; }
}

/// <summary>A qualified O&amp;M engineer force-stopped the upgrade with a declared result.</summary>
public sealed record UpgradeForceStoppedNotification : UpgradeNotification
{
    /// <summary>The declared result.</summary>
    public required ForceStopResult Result { get; init; }

    /// <summary>The reason the engineer gave for force-stopping; null when they gave none. Operator-written text: show it as text, never as markup.</summary>
    public string? OperatorReason { get; init; }
}

/// <summary>
/// A force-stop request under the two-person rule was made, or closed: approved (an
/// <see cref="UpgradeForceStoppedNotification"/> follows in the same change), rejected, withdrawn or expired. Tell the
/// people who decide: a pending request waits for a second qualified operator.
/// </summary>
public sealed record ForceStopRequestNotification : UpgradeNotification
{
    /// <summary>The request.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>Where the request stands after this change.</summary>
    public required ForceStopRequestState State { get; init; }

    /// <summary>The result the requester declared.</summary>
    public required ForceStopResult Result { get; init; }

    /// <summary>The operator who asked.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When the request expires (while pending).</summary>
    public required Instant ExpiresAt { get; init; }

    /// <summary>Who closed the request; null while it is pending.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The reason given for this step (the requester's when it is made, the decider's after); null when none. Operator-written text: show it as text, never as markup.</summary>
    public string? OperatorReason { get; init; }
}
