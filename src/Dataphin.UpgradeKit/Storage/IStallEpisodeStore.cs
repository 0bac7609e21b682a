using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// What a store keeps for stalled upgrades: at most one open stall per record, started together with its host
/// notification, so that several host instances checking at once notify once. A stall stays open until it is ended
/// (progress resumed, or the upgrade finished); the next stall of the same record is a new one.
/// </summary>
public interface IStallEpisodeStore
{
    /// <summary>
    /// Starts a stall of <paramref name="notification"/>'s record unless one is open, and stores the notification in
    /// the outbox in the same transaction; does nothing when a stall of the record is already open.
    /// </summary>
    /// <returns>True when it started the stall and stored the notification; false when one was already open.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notification"/> is null.</exception>
    /// <exception cref="UpgradeStoreException">The store failed.</exception>
    Task<bool> StartStallAsync(UpgradeStalledNotification notification, CancellationToken cancellationToken = default);

    /// <summary>Ends the open stall of each of <paramref name="recordIds"/> at <paramref name="endedAt"/>; a record without one is skipped.</summary>
    /// <returns>How many stalls it ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recordIds"/> is null.</exception>
    /// <exception cref="UpgradeStoreException">The store failed.</exception>
    Task<int> EndStallsAsync(IReadOnlyCollection<UpgradeRecordId> recordIds, Instant endedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// The timeline summaries of each of <paramref name="recordIds"/> in one read, so a check over many running upgrades
    /// costs a read per page of records, not one per record. A record without summaries has none in the answer.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="recordIds"/> is null.</exception>
    /// <exception cref="UpgradeStoreException">The store failed.</exception>
    Task<IReadOnlyDictionary<UpgradeRecordId, IReadOnlyList<Timeline.TimelineSubjectSummary>>> ReadTimelineSummariesAsync(
        IReadOnlyCollection<UpgradeRecordId> recordIds, CancellationToken cancellationToken = default);

    /// <summary>The records with an open stall.</summary>
    /// <exception cref="UpgradeStoreException">The store failed.</exception>
    Task<IReadOnlyList<UpgradeRecordId>> ReadOpenStallsAsync(CancellationToken cancellationToken = default);
}
