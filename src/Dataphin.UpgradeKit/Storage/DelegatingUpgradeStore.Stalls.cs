using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore : IStallEpisodeStore
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store keeps no stalls.</exception>
    public virtual Task<bool> StartStallAsync(UpgradeStalledNotification notification, CancellationToken cancellationToken = default) =>
        Stalls.StartStallAsync(notification, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store keeps no stalls.</exception>
    public virtual Task<int> EndStallsAsync(IReadOnlyCollection<UpgradeRecordId> recordIds, Instant endedAt, CancellationToken cancellationToken = default) =>
        Stalls.EndStallsAsync(recordIds, endedAt, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Reads the records one at a time through <see cref="ReadSummariesAsync"/> when the inner store keeps no stalls.</remarks>
    public virtual Task<IReadOnlyDictionary<UpgradeRecordId, IReadOnlyList<Timeline.TimelineSubjectSummary>>> ReadTimelineSummariesAsync(
        IReadOnlyCollection<UpgradeRecordId> recordIds, CancellationToken cancellationToken = default) =>
        InnerStore is IStallEpisodeStore stalls
            ? stalls.ReadTimelineSummariesAsync(recordIds, cancellationToken)
            : InMemoryStalls.ReadTimelineSummariesAsync(recordIds, ReadSummariesAsync, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Reads nothing (an empty list) when the inner store keeps no stalls.</remarks>
    public virtual Task<IReadOnlyList<UpgradeRecordId>> ReadOpenStallsAsync(CancellationToken cancellationToken = default) =>
        InnerStore is IStallEpisodeStore stalls ? stalls.ReadOpenStallsAsync(cancellationToken) : Task.FromResult<IReadOnlyList<UpgradeRecordId>>([]);

    private IStallEpisodeStore Stalls => InnerStore as IStallEpisodeStore
        ?? throw new NotSupportedException($"The store {InnerStore.GetType().Name} keeps no stalls.");
}
