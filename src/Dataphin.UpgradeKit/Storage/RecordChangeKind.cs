namespace Dataphin.UpgradeKit.Storage;

/// <summary>What a committed change did to a record.</summary>
public enum RecordChangeKind
{
    /// <summary>
    /// Not a stored change: the first item of a watch of one record started without a position, carrying the record as
    /// it is when the watch starts.
    /// </summary>
    Snapshot = 0,

    /// <summary>The record was created.</summary>
    Created = 1,

    /// <summary>The record was changed (status, times, configuration, …): its version went up.</summary>
    Updated = 2,

    /// <summary>The record was removed (a cancel before the upgrade started).</summary>
    Removed = 3,

    /// <summary>New timeline events were appended to the record's stream; the record itself did not change.</summary>
    TimelineAppended = 4,
}
