using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore : IChangeFeedRetention
{
    public Task<int> TrimChangesAsync(Instant before, Instant now, int maxCount, CancellationToken cancellationToken) =>
        _retention.TrimChangesAsync(before, maxCount, cancellationToken);
}
