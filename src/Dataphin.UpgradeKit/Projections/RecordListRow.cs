using System.Text.Json.Serialization;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// One row of the Upgrade Records list for one operator, ready to return from a host's HTTP API; serialise it
/// with <see cref="UpgradeKitJson.Options"/>. Absent times and durations read <c>-</c> in the display texts
/// and are null in the raw values beside them; a duration's state tells a running upgrade
/// from one with nothing to measure.
/// </summary>
public sealed record RecordListRow
{
    /// <summary>The record's id.</summary>
    public required UpgradeRecordId Id { get; init; }

    /// <summary>The record's concurrency version, to send back as the expected version of an action.</summary>
    public required long RecordVersion { get; init; }

    /// <summary>The target version as written, e.g. <c>V5.1.0</c>.</summary>
    public required string TargetVersion { get; init; }

    /// <summary>The initial version as written.</summary>
    public required string InitialVersion { get; init; }

    /// <summary>The upgrade mode.</summary>
    public required CodeAndName<UpgradeMode> Mode { get; init; }

    /// <summary>The upgrade start, or null.</summary>
    public Instant? UpgradeStartedAt { get; init; }

    /// <summary>The upgrade start as text, or <c>-</c>.</summary>
    public required string UpgradeStart { get; init; }

    /// <summary>The upgrade duration as <c>hhh:mm:ss</c>, or <c>-</c>.</summary>
    public required string UpgradeDuration { get; init; }

    /// <summary>The maintenance-mode start, or null (always for zero-downtime).</summary>
    public Instant? MaintenanceStartedAt { get; init; }

    /// <summary>The maintenance-mode start as text, or <c>-</c>.</summary>
    public required string MaintenanceStart { get; init; }

    /// <summary>The maintenance-mode duration as <c>hhh:mm:ss</c>, or <c>-</c>.</summary>
    public required string MaintenanceDuration { get; init; }

    /// <summary>The status and its display name.</summary>
    public required CodeAndName<UpgradeStatus> Status { get; init; }

    /// <summary>Every action in column order: offered or not, with the reason for those not offered.</summary>
    public required IReadOnlyList<ActionView> Actions { get; init; }

    /// <summary>The culture whose texts the row's names and sentences are in, e.g. <c>en</c> or <c>zh-CN</c>: the requested one, or the parent culture it fell back to.</summary>
    [JsonPropertyOrder(-1)]
    public string Culture { get; init; } = "en";

    /// <summary>The upgrade duration in whole seconds (truncated as the text is), or null when <see cref="UpgradeDurationState"/> is not <see cref="DurationState.Known"/>.</summary>
    public long? UpgradeDurationSeconds { get; init; }

    /// <summary>Whether the upgrade duration is known, still running, unknown, or does not apply.</summary>
    public DurationState UpgradeDurationState { get; init; }

    /// <summary>The maintenance-mode duration in whole seconds, or null when <see cref="MaintenanceDurationState"/> is not <see cref="DurationState.Known"/>.</summary>
    public long? MaintenanceDurationSeconds { get; init; }

    /// <summary>Whether the maintenance-mode duration is known, still running (maintenance upgrade mode is on), unknown (force-stopped), or does not apply (zero-downtime, cancelled, not started).</summary>
    public DurationState MaintenanceDurationState { get; init; }

    /// <summary>
    /// For a running upgrade, when it is expected to end and whether it looks stalled, from comparable finished upgrades
    /// of its mode; null when the upgrade is not running or the store keeps no comparable upgrades.
    /// </summary>
    public Estimates.UpgradeEstimate? Estimate { get; init; }

    /// <summary>
    /// The force-stop request awaiting a second engineer's approval: who asked, when, the result they declared, why, and
    /// when it expires; null when none waits.
    /// </summary>
    public ForceStopRequestView? PendingForceStop { get; init; }

    /// <summary>
    /// Whether the record is pinned: retention keeps it whatever its age until it is unpinned. False for a store that
    /// keeps no pins.
    /// </summary>
    public bool Pinned { get; init; }
}
