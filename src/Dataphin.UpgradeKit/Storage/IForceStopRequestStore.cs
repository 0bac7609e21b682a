using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The force-stop requests of the two-person rule. Requests are opened and closed only as part of a record change
/// (<see cref="RecordChange.ForceStopRequest"/> given to <see cref="IUpgradeRecordStore.UpdateAsync"/>), so a request
/// and its record never disagree; this interface reads them. The SDK's stores implement it.
/// </summary>
public interface IForceStopRequestStore
{
    /// <summary>The record's pending request, or null when none is pending.</summary>
    /// <param name="recordId">The record.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ForceStopApprovalRequest?> FindPendingForceStopRequestAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default);

    /// <summary>Every request ever made on the record, oldest first.</summary>
    /// <param name="recordId">The record.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<ForceStopApprovalRequest>> ReadForceStopRequestsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxCount"/> pending requests that expire at or before <paramref name="now"/>, soonest first.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="maxCount">The most to return; at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<ForceStopApprovalRequest>> ListExpiredForceStopRequestsAsync(Instant now, int maxCount, CancellationToken cancellationToken = default);
}
