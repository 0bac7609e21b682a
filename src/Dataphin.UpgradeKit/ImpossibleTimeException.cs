using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// A reported time would put an end before its start, for example a clock that went backwards.
/// Nothing was written.
/// </summary>
public sealed class ImpossibleTimeException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    public ImpossibleTimeException(UpgradeRecordId recordId, string what, Instant start, Instant end)
        : base($"Upgrade record {recordId}: {what} would end at {end} before it started at {start}.")
    {
        RecordId = recordId;
        What = what;
        Start = start;
        End = end;
    }

    /// <summary>The record.</summary>
    public UpgradeRecordId RecordId { get; }

    /// <summary>Which span was affected, e.g. "upgrade" or "maintenance mode".</summary>
    public string What { get; }

    /// <summary>The start already known.</summary>
    public Instant Start { get; }

    /// <summary>The rejected end.</summary>
    public Instant End { get; }
}
