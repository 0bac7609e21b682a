namespace Dataphin.UpgradeKit;

/// <summary>
/// A stored record describes a state no sequence of accepted operations can produce, for example an end before its
/// start or a force-stop result on a record that was not force-stopped. It is thrown when a store turns what it read
/// into a record (<see cref="UpgradeRecordSnapshot.ToRecord"/>), so a corrupted or hand-edited row is reported instead of
/// being shown or acted on.
/// </summary>
public sealed class UnreachableRecordStateException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="recordId">The record.</param>
    /// <param name="problem">What is inconsistent, in a sentence.</param>
    public UnreachableRecordStateException(UpgradeRecordId recordId, string problem)
        : base($"Upgrade record {recordId} is in a state no operation can produce: {problem}")
    {
        RecordId = recordId;
        Problem = problem;
    }

    /// <summary>The record.</summary>
    public UpgradeRecordId RecordId { get; }

    /// <summary>What is inconsistent.</summary>
    public string Problem { get; }
}
