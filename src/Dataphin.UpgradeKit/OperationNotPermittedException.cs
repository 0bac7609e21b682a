namespace Dataphin.UpgradeKit;

/// <summary>
/// The lifecycle does not permit the operation on the record as it is. The stored record is unchanged.
/// </summary>
public sealed class OperationNotPermittedException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    public OperationNotPermittedException(UpgradeRecordId recordId, UpgradeStatus status, UpgradeOperation operation, ActionReasonCode reason, string explanation)
        : base($"{operation} is not permitted on upgrade record {recordId} in status {status}: {explanation} ({reason})")
    {
        RecordId = recordId;
        Status = status;
        Operation = operation;
        Reason = reason;
        Explanation = explanation;
    }

    /// <summary>The record.</summary>
    public UpgradeRecordId RecordId { get; }

    /// <summary>The record's status when the request was refused.</summary>
    public UpgradeStatus Status { get; }

    /// <summary>What was asked.</summary>
    public UpgradeOperation Operation { get; }

    /// <summary>Why it was refused.</summary>
    public ActionReasonCode Reason { get; }

    /// <summary>The reason as a sentence.</summary>
    public string Explanation { get; }
}
