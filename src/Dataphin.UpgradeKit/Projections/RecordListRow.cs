using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// One row of the Upgrade Records list (SPEC §8) for one operator, ready to return from a host's HTTP API; serialise it
/// with <see cref="UpgradeKitJson.Options"/>. Absent times and durations read <c>-</c> (R-TIME-1, R-TIME-3..6).
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
    IReadOnlyList<ActionView> Actions);
