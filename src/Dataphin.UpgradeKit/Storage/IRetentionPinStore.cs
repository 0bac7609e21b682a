using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// Pins and unpins a record together with the audit entry that says who did it, in one transaction: a failure leaves
/// neither the pin without its entry nor the entry without its pin. The SDK's stores implement it; without it retention
/// stores the pin and then appends the entry.
/// </summary>
public interface IRetentionPinStore
{
    /// <summary>
    /// Pins (keeps whatever the policy) or unpins the record <paramref name="entry"/> names and appends
    /// <paramref name="entry"/> to its audit trail, both or neither.
    /// </summary>
    /// <param name="pinned">True to pin, false to unpin.</param>
    /// <param name="entry">The audit entry written with the change; its record is the one pinned or unpinned.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the record exists (pinned or unpinned now, and the entry appended); false when there is no such record (nothing written).</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written; nothing was changed.</exception>
    Task<bool> SetPinnedWithAuditAsync(bool pinned, AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="ids"/> are pinned, in one read (the list shows a page of rows with their pins).</summary>
    /// <param name="ids">The records to look at; ids of records the store does not hold are not pinned.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pinned ones among <paramref name="ids"/>.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlySet<UpgradeRecordId>> ReadPinnedAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default);
}
