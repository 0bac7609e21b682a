using System.Text.Json.Serialization;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// One row of the Upgrade Records list (SPEC §8) for one operator, ready to return from a host's HTTP API; serialise it
/// with <see cref="UpgradeKitJson.Options"/>. Absent times and durations read <c>-</c> in the display texts
/// and are null in the raw values beside them; a duration's state tells a running upgrade
/// from one with nothing to measure.
/// </summary>
/// <param name="Id">The record's id.</param>
/// <param name="RecordVersion">The record's concurrency version, to send back as the expected version of an action.</param>
/// <param name="TargetVersion">The target version as written, e.g. <c>V5.1.0</c>.</param>
/// <param name="InitialVersion">The initial version as written.</param>
/// <param name="Mode">The upgrade mode.</param>
/// <param name="UpgradeStartedAt">The upgrade start, or null.</param>
/// <param name="UpgradeStart">The upgrade start as text, or <c>-</c>.</param>
/// <param name="UpgradeDuration">The upgrade duration as <c>hhh:mm:ss</c>, or <c>-</c>.</param>
/// <param name="MaintenanceStartedAt">The maintenance-mode start, or null (always for zero-downtime, R-TIME-6).</param>
/// <param name="MaintenanceStart">The maintenance-mode start as text, or <c>-</c>.</param>
/// <param name="MaintenanceDuration">The maintenance-mode duration as <c>hhh:mm:ss</c>, or <c>-</c>.</param>
/// <param name="Status">The status and its display name.</param>
/// <param name="Actions">Every action in column order: offered or not, with the reason for those not offered.</param>
public sealed record RecordListRow(
    UpgradeRecordId Id,
    long RecordVersion,
    string TargetVersion,
    string InitialVersion,
    CodeAndName<UpgradeMode> Mode,
    Instant? UpgradeStartedAt,
    string UpgradeStart,
    string UpgradeDuration,
    Instant? MaintenanceStartedAt,
    string MaintenanceStart,
    string MaintenanceDuration,
    CodeAndName<UpgradeStatus> Status,
    IReadOnlyList<ActionView> Actions)
{
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
}
