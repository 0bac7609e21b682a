namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore : IRetentionStore
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionStore"/>.</exception>
    public virtual Task<bool> SetPinnedAsync(UpgradeRecordId id, bool pinned, CancellationToken cancellationToken = default) =>
        RetentionStore.SetPinnedAsync(id, pinned, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionStore"/>.</exception>
    public virtual Task<bool> IsPinnedAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        RetentionStore.IsPinnedAsync(id, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionStore"/>.</exception>
    public virtual Task<IReadOnlyList<RetentionCandidate>> SelectRemovableAsync(RetentionSelection selection, CancellationToken cancellationToken = default) =>
        RetentionStore.SelectRemovableAsync(selection, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionStore"/>.</exception>
    public virtual Task<IReadOnlyList<UpgradeRecordId>> RemoveAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default) =>
        RetentionStore.RemoveAsync(ids, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionStore"/>.</exception>
    public virtual Task<bool> TryAcquireRunLeaseAsync(Guid holder, NodaTime.Instant now, NodaTime.Instant until, CancellationToken cancellationToken = default) =>
        RetentionStore.TryAcquireRunLeaseAsync(holder, now, until, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionStore"/>.</exception>
    public virtual Task ReleaseRunLeaseAsync(Guid holder, CancellationToken cancellationToken = default) =>
        RetentionStore.ReleaseRunLeaseAsync(holder, cancellationToken);

    private IRetentionStore RetentionStore => InnerStore as IRetentionStore
        ?? throw new NotSupportedException($"The store {InnerStore.GetType().Name} does not support retention.");
}
