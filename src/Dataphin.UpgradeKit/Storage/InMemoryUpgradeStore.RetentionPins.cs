using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore : IRetentionPinStore
{
    /// <inheritdoc />
    public Task<bool> SetPinnedWithAuditAsync(bool pinned, AuditEntry entry, CancellationToken cancellationToken = default) =>
        _retention.SetPinnedWithAuditAsync(pinned, entry, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlySet<UpgradeRecordId>> ReadPinnedAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default) =>
        _retention.ReadPinnedAsync(ids, cancellationToken);
}
