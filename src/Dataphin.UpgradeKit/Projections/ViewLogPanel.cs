using System.Text.Json.Serialization;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The View Log panel of a record, ready to return from a host's HTTP API; serialise it with
/// <see cref="UpgradeKitJson.Options"/>.
/// </summary>
public sealed record ViewLogPanel
{
    /// <summary>The record's id.</summary>
    public required UpgradeRecordId Id { get; init; }

    /// <summary>The target version as written.</summary>
    public required string TargetVersion { get; init; }

    /// <summary>The initial version as written.</summary>
    public required string InitialVersion { get; init; }

    /// <summary>The status and its display name.</summary>
    public required CodeAndName<UpgradeStatus> Status { get; init; }

    /// <summary>The configuration file to offer for download (never its content).</summary>
    public required ConfigurationFileView ConfigurationFile { get; init; }

    /// <summary>The upgrade mode.</summary>
    public required CodeAndName<UpgradeMode> Mode { get; init; }

    /// <summary>The DataService Studio upgrade mode.</summary>
    public required CodeAndName<DataServiceStudioUpgradeMode> DataServiceStudioMode { get; init; }

    /// <summary>Upgrade start, end and total.</summary>
    public required TimeRangeView Upgrade { get; init; }

    /// <summary>Maintenance-mode start, end and total; null for zero-downtime records.</summary>
    public TimeRangeView? Maintenance { get; init; }

    /// <summary>The nodes shown, in timeline order; null for zero-downtime records.</summary>
    public IReadOnlyList<TimelineNodeView>? Timeline { get; init; }

    /// <summary>
    /// The idle stretches of the detailed timeline, in time order: from the upgrade's start to the first node, between a
    /// node's end and the next node's start, and from the last node's end to the upgrade's end. Null for zero-downtime
    /// records; empty when nothing is idle or the times to measure are not known yet.
    /// </summary>
    public IReadOnlyList<TimelineGapView>? TimelineGaps { get; init; }

    /// <summary>For a stopped, force-stopped or canceled upgrade, the operator's action that ended it, with their reason; else null.</summary>
    public OperatorDecisionView? EndedBy { get; init; }

    /// <summary>The culture whose texts the panel's names are in, e.g. <c>en</c> or <c>zh-CN</c>: the requested one, or the parent culture it fell back to.</summary>
    [JsonPropertyOrder(-1)]
    public string Culture { get; init; } = "en";

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
