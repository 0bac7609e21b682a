namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// One committed change in a store's change feed (<see cref="IRecordChangeFeed"/>), at its position: the feed's positions
/// grow in the order the changes were committed, so a reader that remembers the last position it saw and later reads
/// after it misses nothing and sees nothing twice. Positions may skip numbers.
/// </summary>
/// <remarks>Not positional, so that a later version can add a property without breaking code built against this one.</remarks>
public sealed record RecordChangeEntry
{
    /// <summary>Creates a change feed entry.</summary>
    /// <param name="position">The change's position in the feed.</param>
    /// <param name="recordId">The record changed.</param>
    /// <param name="kind">What the change did.</param>
    /// <param name="recordVersion">The record's version after the change; for a removal the version removed; null for a timeline append.</param>
    /// <param name="newEvents">For a timeline append, how many events were new; otherwise 0.</param>
    public RecordChangeEntry(long position, UpgradeRecordId recordId, RecordChangeKind kind, long? recordVersion, int newEvents)
    {
        Position = position;
        RecordId = recordId;
        Kind = kind;
        RecordVersion = recordVersion;
        NewEvents = newEvents;
    }

    /// <summary>The change's position in the feed; greater than every position committed before it.</summary>
    public long Position { get; init; }

    /// <summary>The record changed.</summary>
    public UpgradeRecordId RecordId { get; init; }

    /// <summary>What the change did.</summary>
    public RecordChangeKind Kind { get; init; }

    /// <summary>The record's version after the change; for a removal the version removed; null for a timeline append.</summary>
    public long? RecordVersion { get; init; }

    /// <summary>For a timeline append, how many events were new; otherwise 0.</summary>
    public int NewEvents { get; init; }
}
