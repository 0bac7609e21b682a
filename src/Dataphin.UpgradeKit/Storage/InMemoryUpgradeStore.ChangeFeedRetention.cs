using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore : IChangeFeedRetention
{
    /// <inheritdoc />
    public Task<int> TrimChangesAsync(Instant before, Instant now, int maxCount, CancellationToken cancellationToken = default) =>
        _changeFeed.TrimAsync(before, now, maxCount, cancellationToken);
}
