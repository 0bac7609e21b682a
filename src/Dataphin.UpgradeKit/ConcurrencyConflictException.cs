namespace Dataphin.UpgradeKit;

/// <summary>
/// Someone else changed the record since it was read: the change was not written. Reload and decide again.
/// </summary>
public sealed class ConcurrencyConflictException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyConflictException(UpgradeRecordId recordId, long expectedVersion, long? actualVersion, Exception? innerException = null)
        : base(actualVersion is { } actual
            ? $"Upgrade record {recordId} was changed by someone else: expected version {expectedVersion}, found {actual}."
            : $"Upgrade record {recordId} was changed by someone else: expected version {expectedVersion}.", innerException)
    {
        RecordId = recordId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The record.</summary>
    public UpgradeRecordId RecordId { get; }

    /// <summary>The version the writer had read.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found, when the store knows it.</summary>
    public long? ActualVersion { get; }
}
