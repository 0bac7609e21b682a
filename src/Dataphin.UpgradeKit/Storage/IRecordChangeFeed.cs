namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The store's commit-ordered feed of record changes: every record insert, update and removal and
/// every timeline append that stored a new event adds one <see cref="RecordChangeEntry"/> in the same transaction, at a
/// position greater than every position already committed. A reader never sees a position before one committed earlier
/// becomes visible, so reading after the last position seen never skips a change. Implementations are thread-safe.
/// </summary>
public interface IRecordChangeFeed
{
    /// <summary>Up to <paramref name="maxCount"/> changes after <paramref name="afterPosition"/>, in position order.</summary>
    /// <param name="afterPosition">The last position the reader saw; 0 reads from the start of the feed.</param>
    /// <param name="maxCount">The most changes to return; at least 1.</param>
    /// <param name="recordId">Only this record's changes, or every record's when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterPosition"/> is negative or <paramref name="maxCount"/> is not positive.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId = null,
        CancellationToken cancellationToken = default);

    /// <summary>The position of the last committed change, or 0 when the feed is empty.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<long> ReadLastPositionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onCommitted"/> after changes were committed: through this store instance, and for a store
    /// shared by several host instances (PostgreSQL) through the others too. A hint only: it may come more often than
    /// changes, and a reader must read the feed after its position to learn what changed. The callback runs on any
    /// thread and must return quickly.
    /// </summary>
    /// <returns>Dispose it to stop the calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onCommitted"/> is null.</exception>
    IDisposable SubscribeToChanges(Action onCommitted);
}
