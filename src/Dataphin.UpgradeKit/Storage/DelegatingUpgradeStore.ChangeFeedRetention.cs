using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore : IChangeFeedRetention
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IChangeFeedRetention"/>.</exception>
    public virtual Task<int> TrimChangesAsync(Instant before, Instant now, int maxCount, CancellationToken cancellationToken = default) =>
        (InnerStore as IChangeFeedRetention ?? throw new NotSupportedException($"The store {InnerStore.GetType().Name} does not trim its change feed."))
            .TrimChangesAsync(before, now, maxCount, cancellationToken);
}
