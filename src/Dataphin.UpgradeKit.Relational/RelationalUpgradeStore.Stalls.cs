using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore : IStallEpisodeStore
{
    private RelationalStalls Stalls => field ??= new RelationalStalls(_db, _outbox);

    public Task<bool> StartStallAsync(UpgradeStalledNotification notification, CancellationToken cancellationToken) =>
        Stalls.StartStallAsync(notification, cancellationToken);

    public Task<int> EndStallsAsync(IReadOnlyCollection<UpgradeRecordId> recordIds, Instant endedAt, CancellationToken cancellationToken) =>
        Stalls.EndStallsAsync(recordIds, endedAt, cancellationToken);

    public Task<IReadOnlyDictionary<UpgradeRecordId, IReadOnlyList<Timeline.TimelineSubjectSummary>>> ReadTimelineSummariesAsync(
        IReadOnlyCollection<UpgradeRecordId> recordIds, CancellationToken cancellationToken) =>
        Stalls.ReadTimelineSummariesAsync(recordIds, cancellationToken);

    public Task<IReadOnlyList<UpgradeRecordId>> ReadOpenStallsAsync(CancellationToken cancellationToken) =>
        Stalls.ReadOpenStallsAsync(cancellationToken);
}
