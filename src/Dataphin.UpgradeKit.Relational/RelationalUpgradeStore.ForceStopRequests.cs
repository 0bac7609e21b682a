using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>The force-stop requests of the two-person rule (R-GOV-2), kept by <see cref="RelationalForceStopRequests"/>.</summary>
internal sealed partial class RelationalUpgradeStore : IForceStopRequestStore
{
    private RelationalForceStopRequests ForceStopRequests => _records.ForceStopRequests;

    public Task<ForceStopApprovalRequest?> FindPendingForceStopRequestAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        ForceStopRequests.FindPendingAsync(recordId, cancellationToken);

    public Task<IReadOnlyList<ForceStopApprovalRequest>> ReadForceStopRequestsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        ForceStopRequests.ReadAsync(recordId, cancellationToken);

    public Task<IReadOnlyList<ForceStopApprovalRequest>> ListExpiredForceStopRequestsAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        ForceStopRequests.ListExpiredAsync(now, maxCount, cancellationToken);
}
