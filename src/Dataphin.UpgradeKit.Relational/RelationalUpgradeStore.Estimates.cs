using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore : IUpgradeEstimateStore
{
    public Task<IReadOnlyList<ComparableUpgrade>> ReadComparablesAsync(UpgradeMode mode, int limit, CancellationToken cancellationToken) =>
        _estimates.ReadComparablesAsync(mode, limit, cancellationToken);

    public Task SaveComparablesAsync(IReadOnlyCollection<ComparableUpgrade> comparables, CancellationToken cancellationToken) =>
        _estimates.SaveComparablesAsync(comparables, cancellationToken);

    public Task<Instant?> LatestComparableFinishAsync(CancellationToken cancellationToken) => _estimates.LatestComparableFinishAsync(cancellationToken);
}
