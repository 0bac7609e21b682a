using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore : IStallEpisodeStore
{
    private InMemoryStalls? _stalls;

    private InMemoryStalls Stalls => LazyInitializer.EnsureInitialized(ref _stalls, () => new InMemoryStalls(_gate, _outbox));

    /// <inheritdoc />
    public Task<bool> StartStallAsync(UpgradeStalledNotification notification, CancellationToken cancellationToken = default) =>
        Stalls.StartStallAsync(notification, cancellationToken);

    /// <inheritdoc />
    public Task<int> EndStallsAsync(IReadOnlyCollection<UpgradeRecordId> recordIds, Instant endedAt, CancellationToken cancellationToken = default) =>
        Stalls.EndStallsAsync(recordIds, endedAt, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<UpgradeRecordId, IReadOnlyList<Timeline.TimelineSubjectSummary>>> ReadTimelineSummariesAsync(
        IReadOnlyCollection<UpgradeRecordId> recordIds, CancellationToken cancellationToken = default) =>
        InMemoryStalls.ReadTimelineSummariesAsync(recordIds, ReadSummariesAsync, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UpgradeRecordId>> ReadOpenStallsAsync(CancellationToken cancellationToken = default) =>
        Stalls.ReadOpenStallsAsync(cancellationToken);
}
