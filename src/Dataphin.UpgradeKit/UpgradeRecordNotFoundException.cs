namespace Dataphin.UpgradeKit;

/// <summary>No upgrade record has the requested id (it may have been removed by a cancel).</summary>
public sealed class UpgradeRecordNotFoundException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    public UpgradeRecordNotFoundException(UpgradeRecordId recordId)
        : base($"Upgrade record {recordId} does not exist.")
    {
        RecordId = recordId;
    }

    /// <summary>The id that was asked for.</summary>
    public UpgradeRecordId RecordId { get; }
}
