using Dataphin.UpgradeKit.Estimates;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore : IUpgradeEstimateStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ComparableUpgrade>> ReadComparablesAsync(UpgradeMode mode, int limit, CancellationToken cancellationToken = default) =>
        _estimates.ReadComparablesAsync(mode, limit, cancellationToken);

    /// <inheritdoc />
    public Task SaveComparablesAsync(IReadOnlyCollection<ComparableUpgrade> comparables, CancellationToken cancellationToken = default) =>
        _estimates.SaveComparablesAsync(comparables, cancellationToken);

    /// <inheritdoc />
    public Task<Instant?> LatestComparableFinishAsync(CancellationToken cancellationToken = default) =>
        _estimates.LatestComparableFinishAsync(cancellationToken);
}
