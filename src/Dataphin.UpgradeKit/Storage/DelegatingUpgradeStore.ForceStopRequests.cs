namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore : IForceStopRequestStore
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IForceStopRequestStore"/>.</exception>
    public virtual Task<ForceStopApprovalRequest?> FindPendingForceStopRequestAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        ForceStopRequests.FindPendingForceStopRequestAsync(recordId, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IForceStopRequestStore"/>.</exception>
    public virtual Task<IReadOnlyList<ForceStopApprovalRequest>> ReadForceStopRequestsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        ForceStopRequests.ReadForceStopRequestsAsync(recordId, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IForceStopRequestStore"/>.</exception>
    public virtual Task<IReadOnlyList<ForceStopApprovalRequest>> ListExpiredForceStopRequestsAsync(NodaTime.Instant now, int maxCount,
        CancellationToken cancellationToken = default) =>
        ForceStopRequests.ListExpiredForceStopRequestsAsync(now, maxCount, cancellationToken);

    private IForceStopRequestStore ForceStopRequests => InnerStore as IForceStopRequestStore
        ?? throw new NotSupportedException($"The store {InnerStore.GetType().Name} does not support force-stop requests.");
}
