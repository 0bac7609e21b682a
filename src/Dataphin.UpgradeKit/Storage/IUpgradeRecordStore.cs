namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// Upgrade records with optimistic concurrency. Every write names the version it read and stores the record,
/// its audit entry and its notifications all together or not at all. Implementations are thread-safe.
/// </summary>
public interface IUpgradeRecordStore
{
    /// <summary>The record, or null when there is none with that id.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default);

    /// <summary>Stores a new record (version 1).</summary>
    /// <exception cref="ConcurrencyConflictException">A record with that id exists.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be written; <see cref="UpgradeStoreException.OutcomeKnown"/> says whether the change may have been stored.</exception>
    Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken = default);

    /// <summary>Replaces the record when its stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <exception cref="ConcurrencyConflictException">The stored version differs, or the record is gone; nothing was written.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be written; <see cref="UpgradeStoreException.OutcomeKnown"/> says whether the change may have been stored.</exception>
    Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default);

    /// <summary>Removes the record when its stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <exception cref="ConcurrencyConflictException">The stored version differs, or the record is gone; nothing was written.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be written; <see cref="UpgradeStoreException.OutcomeKnown"/> says whether the change may have been stored.</exception>
    Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default);

    /// <summary>One page of records, newest first (by creation time, then id), filtered by <paramref name="query"/>.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new record (version 1) created under <paramref name="idempotencyKey"/>, unless a record created under
    /// the same key exists: then nothing is written and that record is returned as it is now. Two
    /// concurrent calls with one key (from one process or several sharing the database) store one record, and both
    /// return it.
    /// </summary>
    /// <returns><paramref name="record"/> when it was stored; otherwise the record created earlier under the key.</returns>
    /// <exception cref="ConcurrencyConflictException">A record with <paramref name="record"/>'s id but another key exists.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be written; <see cref="UpgradeStoreException.OutcomeKnown"/> says whether the record may have been stored.</exception>
    Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change, CancellationToken cancellationToken = default);
}
