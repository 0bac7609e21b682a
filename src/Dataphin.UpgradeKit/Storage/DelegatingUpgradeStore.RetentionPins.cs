using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore : IRetentionPinStore
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionPinStore"/>.</exception>
    public virtual Task<bool> SetPinnedWithAuditAsync(bool pinned, AuditEntry entry, CancellationToken cancellationToken = default) =>
        (InnerStore as IRetentionPinStore ?? throw new NotSupportedException($"The store {InnerStore.GetType().Name} does not pin with an audit entry."))
            .SetPinnedWithAuditAsync(pinned, entry, cancellationToken);
}
