namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// One committed change in a store's change feed (<see cref="IRecordChangeFeed"/>), at its position: the feed's positions
/// grow in the order the changes were committed, so a reader that remembers the last position it saw and later reads
/// after it misses nothing and sees nothing twice (R-LIVE-2). Positions may skip numbers.
/// </summary>
/// <param name="Position">The change's position in the feed; greater than every position committed before it.</param>
/// <param name="RecordId">The record changed.</param>
/// <param name="Kind">What the change did.</param>
/// <param name="RecordVersion">The record's version after the change; for a removal the version removed; null for a timeline append.</param>
/// <param name="NewEvents">For a timeline append, how many events were new; otherwise 0.</param>
public sealed record RecordChangeEntry(long Position, UpgradeRecordId RecordId, RecordChangeKind Kind, long? RecordVersion, int NewEvents);
