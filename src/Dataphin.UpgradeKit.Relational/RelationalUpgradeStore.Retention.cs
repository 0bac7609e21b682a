using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore : IRetentionStore, Retention.IRetentionBatchReader
{
    public Task<IReadOnlyList<Retention.ArchivedRecord>> ReadForArchiveAsync(IReadOnlyList<RetentionCandidate> candidates, bool configurations,
        CancellationToken cancellationToken) => _retention.ReadForArchiveAsync(candidates, configurations, cancellationToken);

    public Task<IReadOnlyCollection<UpgradeRecordId>> FindExistingAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken) =>
        _retention.FindExistingAsync(ids, cancellationToken);

    public Task<bool> SetPinnedAsync(UpgradeRecordId id, bool pinned, CancellationToken cancellationToken) =>
        _retention.SetPinnedAsync(id, pinned, cancellationToken);

    public Task<bool> IsPinnedAsync(UpgradeRecordId id, CancellationToken cancellationToken) => _retention.IsPinnedAsync(id, cancellationToken);

    public Task<IReadOnlyList<RetentionCandidate>> SelectRemovableAsync(RetentionSelection selection, CancellationToken cancellationToken) =>
        _retention.SelectRemovableAsync(selection, cancellationToken);

    public Task<IReadOnlyList<UpgradeRecordId>> RemoveAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken) =>
        _retention.RemoveAsync(ids, cancellationToken);

    public Task<bool> TryAcquireRunLeaseAsync(Guid holder, Instant now, Instant until, CancellationToken cancellationToken) =>
        _retention.TryAcquireRunLeaseAsync(holder, now, until, cancellationToken);

    public Task ReleaseRunLeaseAsync(Guid holder, CancellationToken cancellationToken) => _retention.ReleaseRunLeaseAsync(holder, cancellationToken);
}
