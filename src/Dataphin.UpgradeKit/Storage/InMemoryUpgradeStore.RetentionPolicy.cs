using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore : IRetentionStore
{
    /// <inheritdoc />
    public Task<bool> SetPinnedAsync(UpgradeRecordId id, bool pinned, CancellationToken cancellationToken = default) =>
        _retention.SetPinnedAsync(id, pinned, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsPinnedAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) => _retention.IsPinnedAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RetentionCandidate>> SelectRemovableAsync(RetentionSelection selection, CancellationToken cancellationToken = default) =>
        _retention.SelectRemovableAsync(selection, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UpgradeRecordId>> RemoveAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default) =>
        _retention.RemoveAsync(ids, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryAcquireRunLeaseAsync(Guid holder, Instant now, Instant until, CancellationToken cancellationToken = default) =>
        _retention.TryAcquireRunLeaseAsync(holder, now, until, cancellationToken);

    /// <inheritdoc />
    public Task ReleaseRunLeaseAsync(Guid holder, CancellationToken cancellationToken = default) => _retention.ReleaseRunLeaseAsync(holder, cancellationToken);
}
