using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// The stored fields of an upgrade record, for store implementations: fill it from a row and call
/// <see cref="ToRecord"/>, which checks that the fields describe a state the SDK's operations can reach before it
/// returns the <see cref="UpgradeRecord"/>. The property names are those of <see cref="UpgradeRecord"/>.
/// </summary>
public sealed record UpgradeRecordSnapshot
{
    /// <summary>The record's identity.</summary>
    public required UpgradeRecordId Id { get; init; }

    /// <summary>The version being upgraded to; must be greater than <see cref="InitialVersion"/>.</summary>
    public required ProductVersion TargetVersion { get; init; }

    /// <summary>The version being upgraded from.</summary>
    public required ProductVersion InitialVersion { get; init; }

    /// <summary>Maintenance (downtime) or zero-downtime.</summary>
    public required UpgradeMode Mode { get; init; }

    /// <summary>The mode chosen for DataService Studio.</summary>
    public required DataServiceStudioUpgradeMode DataServiceStudioMode { get; init; }

    /// <summary>The current status.</summary>
    public required UpgradeStatus Status { get; init; }

    /// <summary>When the record was created.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The id of the operator who created the record.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>When the upgrade started, or null.</summary>
    public Instant? UpgradeStartedAt { get; init; }

    /// <summary>When the upgrade ended, or null; never before <see cref="UpgradeStartedAt"/>.</summary>
    public Instant? UpgradeEndedAt { get; init; }

    /// <summary>
    /// When the upgrade steps completed, or null (also for records stored before it was kept); only on a record in
    /// Verifying or Succeeded, never before <see cref="UpgradeStartedAt"/> nor after <see cref="UpgradeEndedAt"/>.
    /// </summary>
    public Instant? StepsCompletedAt { get; init; }

    /// <summary>When maintenance upgrade mode started; null for zero-downtime upgrades.</summary>
    public Instant? MaintenanceStartedAt { get; init; }

    /// <summary>When maintenance upgrade mode ended, or null; never before <see cref="MaintenanceStartedAt"/>.</summary>
    public Instant? MaintenanceEndedAt { get; init; }

    /// <summary>The saved configuration's name, save time and length, or null when none was saved.</summary>
    public ConfigurationFileInfo? Configuration { get; init; }

    /// <summary>True once the force-stop task has run.</summary>
    public bool ForceStopTaskRan { get; init; }

    /// <summary>True once application shutdown has started.</summary>
    public bool ApplicationShutdownStarted { get; init; }

    /// <summary>The step the upgrade is at, as the host names it, or null.</summary>
    public string? CurrentStep { get; init; }

    /// <summary>For a stopped upgrade only: whether the operator chose to rerun force-stopped instances.</summary>
    public bool? RerunForceStoppedInstances { get; init; }

    /// <summary>For a force-stopped upgrade only: the result the O&amp;M engineer declared.</summary>
    public ForceStopResult? ForceStopResult { get; init; }

    /// <summary>For a failed upgrade only: the host's description of the failure.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The optimistic-concurrency version: 1 or more.</summary>
    public required long Version { get; init; }

    /// <summary>
    /// The fields of <paramref name="record"/>, e.g. to change one of them with a <c>with</c> expression in a test or a
    /// migration and rebuild the record with <see cref="ToRecord"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public static UpgradeRecordSnapshot From(UpgradeRecord record)
    {
        Guard.NotNull(record);
        return new UpgradeRecordSnapshot
        {
            Id = record.Id,
            TargetVersion = record.TargetVersion,
            InitialVersion = record.InitialVersion,
            Mode = record.Mode,
            DataServiceStudioMode = record.DataServiceStudioMode,
            Status = record.Status,
            CreatedAt = record.CreatedAt,
            CreatedBy = record.CreatedBy,
            UpgradeStartedAt = record.UpgradeStartedAt,
            UpgradeEndedAt = record.UpgradeEndedAt,
            StepsCompletedAt = record.StepsCompletedAt,
            MaintenanceStartedAt = record.MaintenanceStartedAt,
            MaintenanceEndedAt = record.MaintenanceEndedAt,
            Configuration = record.Configuration,
            ForceStopTaskRan = record.ForceStopTaskRan,
            ApplicationShutdownStarted = record.ApplicationShutdownStarted,
            CurrentStep = record.CurrentStep,
            RerunForceStoppedInstances = record.RerunForceStoppedInstances,
            ForceStopResult = record.ForceStopResult,
            FailureReason = record.FailureReason,
            Version = record.Version,
        };
    }

    /// <summary>The record these fields describe.</summary>
    /// <exception cref="UnreachableRecordStateException">
    /// The fields describe a state no sequence of operations reaches: an undefined status or mode, a target version not
    /// above the initial one, a version below 1, an end before its start, a steps-completed time outside the upgrade or
    /// on a record not past its steps, maintenance times on a zero-downtime record,
    /// or a stop option, force-stop result or failure reason on a record in another status.
    /// </exception>
    public UpgradeRecord ToRecord()
    {
        if (Problem() is { } problem)
        {
            throw new UnreachableRecordStateException(Id, problem);
        }

        return new UpgradeRecord(this);
    }

    // The first inconsistency found, or null. Only what no accepted operation can produce (see the lifecycle's
    // OperationCatalog): R-REC-1, R-TIME-2, R-TIME-6, and the status-specific fields of R-SM-4/R-SM-5 and Fail.
    private string? Problem()
    {
        if (!Enum.IsDefined(Status))
        {
            return $"the status {(int)Status} is not defined.";
        }

        if (!Enum.IsDefined(Mode) || !Enum.IsDefined(DataServiceStudioMode))
        {
            return "the upgrade mode or DataService Studio mode is not defined.";
        }

        if (Version < 1)
        {
            return $"its version is {Version}; versions start at 1.";
        }

        if (!(TargetVersion > InitialVersion))
        {
            return $"the target version {TargetVersion} is not above the initial version {InitialVersion}.";
        }

        if (UpgradeStartedAt is { } upgradeStart && UpgradeEndedAt is { } upgradeEnd && upgradeEnd < upgradeStart)
        {
            return $"the upgrade ends at {upgradeEnd}, before it started at {upgradeStart}.";
        }

        if (StepsCompletedAt is { } stepsCompleted && (Status is not (UpgradeStatus.Verifying or UpgradeStatus.Succeeded)
            || UpgradeStartedAt is not { } started || stepsCompleted < started || (UpgradeEndedAt is { } ended && stepsCompleted > ended)))
        {
            return $"the upgrade steps completed at {stepsCompleted} on a record in status {Status} that started at {UpgradeStartedAt} and ended at {UpgradeEndedAt}.";
        }

        if (MaintenanceStartedAt is { } maintenanceStart && MaintenanceEndedAt is { } maintenanceEnd && maintenanceEnd < maintenanceStart)
        {
            return $"maintenance mode ends at {maintenanceEnd}, before it started at {maintenanceStart}.";
        }

        if (Mode == UpgradeMode.ZeroDowntime && (MaintenanceStartedAt is not null || MaintenanceEndedAt is not null))
        {
            return "a zero-downtime upgrade has maintenance-mode times.";
        }

        if (ForceStopResult is not null && Status is not (UpgradeStatus.ForceStoppedSucceeded or UpgradeStatus.ForceStoppedFailed))
        {
            return $"a force-stop result is set on a record in status {Status}.";
        }

        if (RerunForceStoppedInstances is not null && Status != UpgradeStatus.Stopped)
        {
            return $"a stop option is set on a record in status {Status}.";
        }

        if (FailureReason is not null && Status != UpgradeStatus.Failed)
        {
            return $"a failure reason is set on a record in status {Status}.";
        }

        return null;
    }
}
