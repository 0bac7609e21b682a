using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// Notifications stored with the change that caused them and not yet delivered to the host.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>Up to <paramref name="maxCount"/> undelivered notifications, oldest first.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default);
}
