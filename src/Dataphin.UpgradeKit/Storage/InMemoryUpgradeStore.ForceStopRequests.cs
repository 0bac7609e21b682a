using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore : IForceStopRequestStore
{
    private InMemoryForceStopRequests ForceStopRequests => _records.ForceStopRequests;

    /// <inheritdoc />
    public Task<ForceStopApprovalRequest?> FindPendingForceStopRequestAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(ForceStopRequests.FindPending(recordId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ForceStopApprovalRequest>> ReadForceStopRequestsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(ForceStopRequests.Read(recordId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ForceStopApprovalRequest>> ListExpiredForceStopRequestsAsync(Instant now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(ForceStopRequests.ListExpired(now, maxCount));
        }
    }
}
