using NodaTime;
using Dataphin.UpgradeKit.Commands;

namespace Dataphin.UpgradeKit;

/// <summary>
/// A snapshot of one upgrade record. Immutable: every accepted change produces a new snapshot with
/// a higher <see cref="Version"/>. Records come from the feature types (<c>UpgradeCommands</c>,
/// <c>UpgradeHostReports</c>) and from the stores; a host cannot build one in an arbitrary state. A store
/// implementation rebuilds a stored record with <see cref="UpgradeRecordSnapshot.ToRecord"/>, which checks that the
/// fields describe a state the operations can reach (target above initial, no end before its start, no maintenance
/// times on a zero-downtime upgrade, status-specific fields only in their status).
/// </summary>
public sealed record UpgradeRecord
{
    // The only constructor: records are built by the commands (from a checked request) and by
    // UpgradeRecordSnapshot.ToRecord (from checked stored fields); R-REC-1, R-TIME-2.
    internal UpgradeRecord(UpgradeRecordSnapshot fields)
    {
        Id = fields.Id;
        TargetVersion = fields.TargetVersion;
        InitialVersion = fields.InitialVersion;
        Mode = fields.Mode;
        DataServiceStudioMode = fields.DataServiceStudioMode;
        Status = fields.Status;
        CreatedAt = fields.CreatedAt;
        CreatedBy = fields.CreatedBy;
        UpgradeStartedAt = fields.UpgradeStartedAt;
        UpgradeEndedAt = fields.UpgradeEndedAt;
        StepsCompletedAt = fields.StepsCompletedAt;
        MaintenanceStartedAt = fields.MaintenanceStartedAt;
        MaintenanceEndedAt = fields.MaintenanceEndedAt;
        Configuration = fields.Configuration;
        ForceStopTaskRan = fields.ForceStopTaskRan;
        ApplicationShutdownStarted = fields.ApplicationShutdownStarted;
        CurrentStep = fields.CurrentStep;
        RerunForceStoppedInstances = fields.RerunForceStoppedInstances;
        ForceStopResult = fields.ForceStopResult;
        FailureReason = fields.FailureReason;
        Version = fields.Version;
    }

    /// <summary>The record's identity.</summary>
    public UpgradeRecordId Id { get; internal init; }

    /// <summary>The version being upgraded to; always greater than <see cref="InitialVersion"/>.</summary>
    public ProductVersion TargetVersion { get; internal init; }

    /// <summary>The version being upgraded from.</summary>
    public ProductVersion InitialVersion { get; internal init; }

    /// <summary>Maintenance (downtime) or zero-downtime.</summary>
    public UpgradeMode Mode { get; internal init; }

    /// <summary>The mode chosen for DataService Studio.</summary>
    public DataServiceStudioUpgradeMode DataServiceStudioMode { get; internal init; }

    /// <summary>The current status.</summary>
    public UpgradeStatus Status { get; internal init; }

    /// <summary>When the record was created; the list is ordered by it, newest first.</summary>
    public Instant CreatedAt { get; internal init; }

    /// <summary>The id of the operator who created the record.</summary>
    public string CreatedBy { get; internal init; }

    /// <summary>When the upgrade started (maintenance mode entered, or the zero-downtime upgrade began).</summary>
    public Instant? UpgradeStartedAt { get; internal init; }

    /// <summary>When the upgrade ended: Finish, force-stop, stop, or the reported failure.</summary>
    public Instant? UpgradeEndedAt { get; internal init; }

    /// <summary>
    /// When the host reported the upgrade steps completed (the upgrade moved to Verifying), or null before that, and for
    /// records stored by a version of the SDK that did not keep it. Estimates measure the rest of the upgrade from it.
    /// </summary>
    public Instant? StepsCompletedAt { get; internal init; }

    /// <summary>When maintenance upgrade mode started; null for zero-downtime upgrades.</summary>
    public Instant? MaintenanceStartedAt { get; internal init; }

    /// <summary>When maintenance upgrade mode ended; null while on, and for force-stopped upgrades.</summary>
    public Instant? MaintenanceEndedAt { get; internal init; }

    /// <summary>
    /// The saved configuration's name and save time, or null when none was saved. The record never holds the file's
    /// content: downloading reads it.
    /// </summary>
    public ConfigurationFileInfo? Configuration { get; internal init; }

    /// <summary>True once the force-stop task (force-stopping running task instances) has run.</summary>
    public bool ForceStopTaskRan { get; internal init; }

    /// <summary>True once application shutdown has started.</summary>
    public bool ApplicationShutdownStarted { get; internal init; }

    /// <summary>The configuration or execution step the upgrade is at, as the host names it ("Resume upgrade" returns it).</summary>
    public string? CurrentStep { get; internal init; }

    /// <summary>For a stopped upgrade: whether the operator chose to rerun force-stopped instances.</summary>
    public bool? RerunForceStoppedInstances { get; internal init; }

    /// <summary>For a force-stopped upgrade: the result the O&amp;M engineer declared.</summary>
    public ForceStopResult? ForceStopResult { get; internal init; }

    /// <summary>For a failed upgrade: the host's description of the failure.</summary>
    public string? FailureReason { get; internal init; }

    /// <summary>The optimistic-concurrency version: 1 when created, one more for every accepted change.</summary>
    public long Version { get; internal init; }

    /// <summary>True when a configuration was saved.</summary>
    public bool IsConfigurationSaved => Configuration is not null;

    /// <summary>True while maintenance upgrade mode is on.</summary>
    public bool IsInMaintenanceMode => MaintenanceStartedAt is not null && MaintenanceEndedAt is null
        && UpgradeStatusFacts.Of(Status).MaintenanceEndKnown;
}
