namespace Dataphin.UpgradeKit;

/// <summary>
/// Timeline events were reported for a record that has no detailed timeline: a zero-downtime upgrade, or
/// an upgrade that never started (still Configuring, or Canceled). Nothing was stored.
/// </summary>
public sealed class TimelineNotApplicableException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    public TimelineNotApplicableException(UpgradeRecordId recordId, UpgradeMode mode, UpgradeStatus status)
        : base(mode == UpgradeMode.ZeroDowntime
            ? $"Upgrade record {recordId} is a zero-downtime upgrade, which has no detailed timeline (R-TIME-6); the events were not stored."
            : $"Upgrade record {recordId} is {status}: its upgrade never started, so it has no detailed timeline; the events were not stored.")
    {
        RecordId = recordId;
        Mode = mode;
        Status = status;
    }

    /// <summary>The record.</summary>
    public UpgradeRecordId RecordId { get; }

    /// <summary>The record's upgrade mode.</summary>
    public UpgradeMode Mode { get; }

    /// <summary>The record's status when the report was refused.</summary>
    public UpgradeStatus Status { get; }
}
