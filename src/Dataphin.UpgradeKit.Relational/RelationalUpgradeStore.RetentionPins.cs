using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore : IRetentionPinStore
{
    public Task<bool> SetPinnedWithAuditAsync(bool pinned, AuditEntry entry, CancellationToken cancellationToken) =>
        _retention.SetPinnedWithAuditAsync(pinned, entry, cancellationToken);

    public Task<IReadOnlySet<UpgradeRecordId>> ReadPinnedAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken) =>
        _retention.ReadPinnedAsync(ids, cancellationToken);
}
