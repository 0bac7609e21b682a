using NodaTime;

namespace Dataphin.UpgradeKit.Testing.Model;

/// <summary>
/// What the reference model knows of a record: the fields the lifecycle rules read or write. Compared by value with
/// the record a store gives back (<see cref="Of"/>).
/// </summary>
public sealed record ModelRecord
{
    /// <summary>The status.</summary>
    public required UpgradeStatus Status { get; init; }

    /// <summary>Maintenance or zero-downtime.</summary>
    public required UpgradeMode Mode { get; init; }

    /// <summary>The optimistic-concurrency version: 1 when created, one more for every accepted change.</summary>
    public required long Version { get; init; }

    /// <summary>When the upgrade started.</summary>
    public Instant? UpgradeStartedAt { get; init; }

    /// <summary>When the upgrade ended.</summary>
    public Instant? UpgradeEndedAt { get; init; }

    /// <summary>When the upgrade steps completed (the record moved to Verifying).</summary>
    public Instant? StepsCompletedAt { get; init; }

    /// <summary>When maintenance upgrade mode started.</summary>
    public Instant? MaintenanceStartedAt { get; init; }

    /// <summary>When maintenance upgrade mode ended.</summary>
    public Instant? MaintenanceEndedAt { get; init; }

    /// <summary>The name of the saved configuration file; null when none was saved.</summary>
    public string? ConfigurationFileName { get; init; }

    /// <summary>True once the force-stop task has run.</summary>
    public bool ForceStopTaskRan { get; init; }

    /// <summary>True once application shutdown has started.</summary>
    public bool ApplicationShutdownStarted { get; init; }

    /// <summary>The step the upgrade is at, as the host names it.</summary>
    public string? CurrentStep { get; init; }

    /// <summary>For a stopped upgrade: whether the operator chose to rerun force-stopped instances.</summary>
    public bool? RerunForceStoppedInstances { get; init; }

    /// <summary>For a force-stopped upgrade: the declared result.</summary>
    public ForceStopResult? ForceStopResult { get; init; }

    /// <summary>For a failed upgrade: the host's description of the failure.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The operator who created the record; null when the model does not track it.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>The force-stop request awaiting a second engineer's approval; null when none waits.</summary>
    public ModelForceStopRequest? PendingForceStop { get; init; }

    /// <summary>True when a configuration was saved.</summary>
    public bool ConfigurationSaved => ConfigurationFileName is not null;

    /// <summary>True while maintenance upgrade mode is on: entered and not yet exited.</summary>
    public bool MaintenanceModeOn => MaintenanceStartedAt is not null && MaintenanceEndedAt is null;

    /// <summary>A record just created, in status Configuring.</summary>
    /// <param name="mode">The upgrade mode.</param>
    public static ModelRecord Created(UpgradeMode mode) => new() { Status = UpgradeStatus.Configuring, Mode = mode, Version = 1 };

    /// <summary>The model's view of a record as the SDK stores it.</summary>
    /// <param name="record">The record.</param>
    public static ModelRecord Of(UpgradeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ModelRecord
        {
            Status = record.Status,
            Mode = record.Mode,
            Version = record.Version,
            UpgradeStartedAt = record.UpgradeStartedAt,
            UpgradeEndedAt = record.UpgradeEndedAt,
            StepsCompletedAt = record.StepsCompletedAt,
            MaintenanceStartedAt = record.MaintenanceStartedAt,
            MaintenanceEndedAt = record.MaintenanceEndedAt,
            ConfigurationFileName = record.Configuration?.FileName,
            ForceStopTaskRan = record.ForceStopTaskRan,
            ApplicationShutdownStarted = record.ApplicationShutdownStarted,
            CurrentStep = record.CurrentStep,
            RerunForceStoppedInstances = record.RerunForceStoppedInstances,
            ForceStopResult = record.ForceStopResult,
            FailureReason = record.FailureReason,
        };
    }
}

/// <summary>A force-stop request awaiting approval, as the reference model knows it.</summary>
/// <param name="RequestedBy">The id of the operator who asked.</param>
/// <param name="Result">The result they declared.</param>
public sealed record ModelForceStopRequest(string RequestedBy, ForceStopResult Result);
