using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore : IRetentionPinStore
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionPinStore"/>.</exception>
    public virtual Task<bool> SetPinnedWithAuditAsync(bool pinned, AuditEntry entry, CancellationToken cancellationToken = default) =>
        (InnerStore as IRetentionPinStore ?? throw new NotSupportedException($"The store {InnerStore.GetType().Name} does not pin with an audit entry."))
            .SetPinnedWithAuditAsync(pinned, entry, cancellationToken);

    /// <inheritdoc />
    /// <remarks>From an inner store without <see cref="IRetentionPinStore"/>: its <see cref="IRetentionStore.IsPinnedAsync"/> record by record, or none pinned when it has no pins.</remarks>
    public virtual async Task<IReadOnlySet<UpgradeRecordId>> ReadPinnedAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        switch (InnerStore)
        {
            case IRetentionPinStore pins:
                return await pins.ReadPinnedAsync(ids, cancellationToken).ConfigureAwait(false);
            case IRetentionStore retention:
                var pinned = new HashSet<UpgradeRecordId>();
                foreach (var id in ids)
                {
                    if (await retention.IsPinnedAsync(id, cancellationToken).ConfigureAwait(false))
                    {
                        pinned.Add(id);
                    }
                }

                return pinned;
            default:
                return new HashSet<UpgradeRecordId>();
        }
    }
}
