using Dataphin.UpgradeKit.Estimates;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// What a store keeps for estimates: one <see cref="ComparableUpgrade"/> per succeeded upgrade, read per mode, most
/// recent first, in a bounded window, so an estimate never scans the whole history. A store that does not implement it
/// gives rows and panels without estimates.
/// </summary>
public interface IUpgradeEstimateStore
{
    /// <summary>The <paramref name="limit"/> comparable upgrades of <paramref name="mode"/> that finished last, most recent first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    /// <exception cref="UpgradeStoreException">The store failed.</exception>
    Task<IReadOnlyList<ComparableUpgrade>> ReadComparablesAsync(UpgradeMode mode, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps <paramref name="comparables"/>; one already kept for the same record is left as it is, so saving twice, from two
    /// host instances at once, changes nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="comparables"/> or one of them is null.</exception>
    /// <exception cref="UpgradeStoreException">The store failed.</exception>
    Task SaveComparablesAsync(IReadOnlyCollection<ComparableUpgrade> comparables, CancellationToken cancellationToken = default);

    /// <summary>When the most recent comparable upgrade kept finished, of any mode, or null when none is kept.</summary>
    /// <exception cref="UpgradeStoreException">The store failed.</exception>
    Task<NodaTime.Instant?> LatestComparableFinishAsync(CancellationToken cancellationToken = default);
}
