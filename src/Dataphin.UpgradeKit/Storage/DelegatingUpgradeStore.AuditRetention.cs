using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore : IAuditEntryRetention
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IAuditEntryRetention"/>.</exception>
    public virtual Task<IReadOnlyList<StoredAuditEntry>> SelectExpiredAuditEntriesAsync(AuditEntrySelection selection, CancellationToken cancellationToken = default) =>
        AuditRetention.SelectExpiredAuditEntriesAsync(selection, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IAuditEntryRetention"/>.</exception>
    public virtual Task<IReadOnlyList<string>> RemoveAuditEntriesAsync(IReadOnlyCollection<string> ids, Instant before, CancellationToken cancellationToken = default) =>
        AuditRetention.RemoveAuditEntriesAsync(ids, before, cancellationToken);

    private IAuditEntryRetention AuditRetention =>
        InnerStore as IAuditEntryRetention ?? throw new NotSupportedException($"The store {InnerStore.GetType().Name} does not remove old audit entries.");
}
