namespace Dataphin.UpgradeKit.Notifications;

/// <summary>
/// The host's side of notifications: receives notifications after the change is stored. Delivery is at least once,
/// so the handler must be idempotent by <see cref="UpgradeNotification.Id"/>. A handler that throws leaves the
/// notification pending; <c>NotificationDelivery.DeliverPendingNotificationsAsync</c> tries again.
/// </summary>
public interface IUpgradeNotificationHandler
{
    /// <summary>Acts on <paramref name="notification"/>.</summary>
    Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken);
}
