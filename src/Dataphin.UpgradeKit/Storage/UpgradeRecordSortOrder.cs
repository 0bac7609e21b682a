namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The order of the records list. Sorting by a duration lists only the records that have that duration (finished
/// ones): a duration, once known, never changes, so pages stay stable while records change status.
/// </summary>
public enum UpgradeRecordSortOrder
{
    /// <summary>Newest first, by creation time (the moment the upgrade was started from the console), then id.</summary>
    NewestFirst = 0,

    /// <summary>Longest upgrade duration (end minus start) first, then id descending.</summary>
    LongestUpgradeFirst = 1,

    /// <summary>Shortest upgrade duration first, then id ascending.</summary>
    ShortestUpgradeFirst = 2,

    /// <summary>Longest maintenance-mode duration first, then id descending.</summary>
    LongestMaintenanceFirst = 3,

    /// <summary>Shortest maintenance-mode duration first, then id ascending.</summary>
    ShortestMaintenanceFirst = 4,
}
