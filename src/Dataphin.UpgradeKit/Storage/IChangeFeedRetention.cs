using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// Trims the oldest rows of a store's change feed, for retention's change-feed period. The SDK's stores implement it.
/// </summary>
/// <remarks>
/// Only a prefix of the feed goes (the trim stops at the first row inside the period) and the newest row always stays,
/// so a watcher resuming from a position before the trimmed rows is told the feed was trimmed rather than missing
/// changes. A store that keeps no time per row learns which rows are old from the times it was asked to trim at: a row
/// goes once a trim at or after it is older than the period, so rows can stay up to one retention interval longer.
/// </remarks>
public interface IChangeFeedRetention
{
    /// <summary>Removes at most <paramref name="maxCount"/> of the oldest change-feed rows written before <paramref name="before"/>.</summary>
    /// <param name="before">Rows written before this instant may go; rows written before the store kept a time count as older.</param>
    /// <param name="now">The current time.</param>
    /// <param name="maxCount">The most rows removed by this call (one transaction).</param>
    /// <param name="cancellationToken">Cancels the trim.</param>
    /// <returns>How many rows were removed; fewer than <paramref name="maxCount"/> when no more may go now.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is not positive.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be written; nothing was removed.</exception>
    Task<int> TrimChangesAsync(Instant before, Instant now, int maxCount, CancellationToken cancellationToken = default);
}
