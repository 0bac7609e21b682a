using Dataphin.UpgradeKit.Estimates;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore : IUpgradeEstimateStore
{
    /// <inheritdoc />
    /// <remarks>Reads nothing (an empty list) when the inner store keeps no comparable upgrades.</remarks>
    public virtual Task<IReadOnlyList<ComparableUpgrade>> ReadComparablesAsync(UpgradeMode mode, int limit, CancellationToken cancellationToken = default) =>
        InnerStore is IUpgradeEstimateStore estimates
            ? estimates.ReadComparablesAsync(mode, limit, cancellationToken)
            : Task.FromResult<IReadOnlyList<ComparableUpgrade>>([]);

    /// <inheritdoc />
    /// <remarks>Keeps nothing when the inner store keeps no comparable upgrades.</remarks>
    public virtual Task SaveComparablesAsync(IReadOnlyCollection<ComparableUpgrade> comparables, CancellationToken cancellationToken = default) =>
        InnerStore is IUpgradeEstimateStore estimates ? estimates.SaveComparablesAsync(comparables, cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public virtual Task<Instant?> LatestComparableFinishAsync(CancellationToken cancellationToken = default) =>
        InnerStore is IUpgradeEstimateStore estimates ? estimates.LatestComparableFinishAsync(cancellationToken) : Task.FromResult<Instant?>(null);
}
