using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Service;

public sealed partial class UpgradeRecordService
{
    /// <summary>
    /// Delivers every notification still pending in the outbox (after a handler failure or a host restart), oldest
    /// first. Call it at start-up and from time to time; delivery is at least once.
    /// </summary>
    /// <returns>How many notifications were delivered.</returns>
    public async Task<int> DeliverPendingNotificationsAsync(CancellationToken cancellationToken = default)
    {
        const int Batch = 100;
        var delivered = 0;
        while (true)
        {
            var pending = await _store.ReadPendingAsync(Batch, cancellationToken).ConfigureAwait(false);
            var count = await DeliverAsync(pending, cancellationToken).ConfigureAwait(false);
            delivered += count;
            if (pending.Count < Batch || count < pending.Count)
            {
                return delivered;
            }
        }
    }

    /// <summary>Hands notifications to the host's handler; a failure leaves the notification pending and stops the batch.</summary>
    private async Task<int> DeliverAsync(IReadOnlyList<UpgradeNotification> notifications, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var notification in notifications)
        {
            var type = notification.GetType().Name;
            if (_notificationHandler is null)
            {
                Log.NoNotificationHandler(_logger, notification.Id, type, notification.RecordId);
                return delivered;
            }

            try
            {
                await _notificationHandler.HandleAsync(notification, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The change is stored; a failing host handler must not turn it into an error. It is retried.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Log.NotificationDeliveryFailed(_logger, ex, notification.Id, type, notification.RecordId);
                return delivered;
            }

            await _store.MarkDeliveredAsync(notification.Id, cancellationToken).ConfigureAwait(false);
            Log.NotificationDelivered(_logger, notification.Id, type, notification.RecordId);
            delivered++;
        }

        return delivered;
    }
}
