using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore : IAuditEntryRetention
{
    public Task<IReadOnlyList<StoredAuditEntry>> SelectExpiredAuditEntriesAsync(AuditEntrySelection selection, CancellationToken cancellationToken) =>
        _auditRetention.SelectExpiredAsync(selection, cancellationToken);

    public Task<IReadOnlyList<string>> RemoveAuditEntriesAsync(IReadOnlyCollection<string> ids, Instant before, CancellationToken cancellationToken) =>
        _auditRetention.RemoveAsync(ids, before, cancellationToken);
}
