using NodaTime;
using Dataphin.UpgradeKit.Commands;

namespace Dataphin.UpgradeKit;

/// <summary>
/// A snapshot of one upgrade record. Immutable: every accepted change produces a new snapshot with
/// a higher <see cref="Version"/>. Snapshots come from the feature types (<c>UpgradeCommands</c>, <c>UpgradeHostReports</c>) and the stores; a
/// store adapter rebuilds them with the <c>init</c> accessors. The invariants (target above initial, no end
/// before its start, maintenance start equal to upgrade start in maintenance mode) hold for every snapshot the
/// service writes.
/// </summary>
public sealed record UpgradeRecord
{
    /// <summary>The record's identity.</summary>
    public required UpgradeRecordId Id { get; init; }

    /// <summary>The version being upgraded to; always greater than <see cref="InitialVersion"/>.</summary>
    public required ProductVersion TargetVersion { get; init; }

    /// <summary>The version being upgraded from.</summary>
    public required ProductVersion InitialVersion { get; init; }

    /// <summary>Maintenance (downtime) or zero-downtime.</summary>
    public required UpgradeMode Mode { get; init; }

    /// <summary>The mode chosen for DataService Studio.</summary>
    public required DataServiceStudioUpgradeMode DataServiceStudioMode { get; init; }

    /// <summary>The current status.</summary>
    public required UpgradeStatus Status { get; init; }

    /// <summary>When the record was created; the list is ordered by it, newest first.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The id of the operator who created the record.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>When the upgrade started (maintenance mode entered, or the zero-downtime upgrade began).</summary>
    public Instant? UpgradeStartedAt { get; init; }

    /// <summary>When the upgrade ended: Finish, force-stop, stop, or the reported failure.</summary>
    public Instant? UpgradeEndedAt { get; init; }

    /// <summary>When maintenance upgrade mode started; null for zero-downtime upgrades.</summary>
    public Instant? MaintenanceStartedAt { get; init; }

    /// <summary>When maintenance upgrade mode ended; null while on, and for force-stopped upgrades.</summary>
    public Instant? MaintenanceEndedAt { get; init; }

    /// <summary>
    /// The saved configuration's name and save time, or null when none was saved. The record never holds the file's
    /// content: downloading reads it.
    /// </summary>
    public ConfigurationFileInfo? Configuration { get; init; }

    /// <summary>True once the force-stop task (force-stopping running task instances) has run.</summary>
    public bool ForceStopTaskRan { get; init; }

    /// <summary>True once application shutdown has started.</summary>
    public bool ApplicationShutdownStarted { get; init; }

    /// <summary>The configuration or execution step the upgrade is at, as the host names it ("Resume upgrade" returns it).</summary>
    public string? CurrentStep { get; init; }

    /// <summary>For a stopped upgrade: whether the operator chose to rerun force-stopped instances.</summary>
    public bool? RerunForceStoppedInstances { get; init; }

    /// <summary>For a force-stopped upgrade: the result the O&amp;M engineer declared.</summary>
    public ForceStopResult? ForceStopResult { get; init; }

    /// <summary>For a failed upgrade: the host's description of the failure.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The optimistic-concurrency version: 1 when created, one more for every accepted change.</summary>
    public required long Version { get; init; }

    /// <summary>True when a configuration was saved.</summary>
    public bool IsConfigurationSaved => Configuration is not null;

    /// <summary>True while maintenance upgrade mode is on.</summary>
    public bool IsInMaintenanceMode => MaintenanceStartedAt is not null && MaintenanceEndedAt is null
        && UpgradeStatusFacts.Of(Status).MaintenanceEndKnown;
}
