using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore : IAuditEntryRetention
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StoredAuditEntry>> SelectExpiredAuditEntriesAsync(AuditEntrySelection selection, CancellationToken cancellationToken = default) =>
        _auditRetention.SelectExpiredAsync(selection, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RemoveAuditEntriesAsync(IReadOnlyCollection<string> ids, Instant before, CancellationToken cancellationToken = default) =>
        _auditRetention.RemoveAsync(ids, before, cancellationToken);
}
