using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Service;

public sealed partial class UpgradeRecordService
{
    /// <summary>
    /// Delivers what is due in the outbox now, on the same leases, order, retries and dead letters as the hosted
    /// dispatcher (R-DLV-2…4), until nothing more can be claimed. For a host that turned the dispatcher off
    /// (<see cref="NotificationDeliveryOptions.DispatcherEnabled"/>): call it at start-up and from time to time. A
    /// notification whose handler fails waits for its retry time, so a second call right after a failure may deliver
    /// nothing.
    /// </summary>
    /// <returns>How many notifications were delivered.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be read or written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; claimed notifications not yet handled are released.</exception>
    public async Task<int> DeliverPendingNotificationsAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        while (true)
        {
            var pass = await DeliverDueAsync(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            delivered += pass.Delivered;
            if (pass.Claimed == 0 || pass.Delivered == 0)
            {
                return delivered;
            }
        }
    }

    /// <summary>Up to <paramref name="maxCount"/> dead-lettered notifications, oldest first, with their last error (R-DLV-4).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is not positive.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int maxCount = 100, CancellationToken cancellationToken = default) =>
        _store.ReadDeadLettersAsync(maxCount, cancellationToken);

    /// <summary>How many notifications are dead-lettered; the health check reports Degraded while it is not 0.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    public Task<int> CountDeadLettersAsync(CancellationToken cancellationToken = default) => _store.CountDeadLettersAsync(cancellationToken);

    /// <summary>
    /// Puts one dead letter back for delivery with a fresh attempt budget, and wakes the dispatcher (R-DLV-4).
    /// </summary>
    /// <returns>True when <paramref name="notificationId"/> named a dead letter.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    public async Task<bool> RedriveDeadLetterAsync(Guid notificationId, CancellationToken cancellationToken = default)
    {
        var count = await _store.RedriveAsync(notificationId, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        Redriven(count, notificationId.ToString());
        return count > 0;
    }

    /// <summary>Puts every dead letter back for delivery with a fresh attempt budget, and wakes the dispatcher (R-DLV-4).</summary>
    /// <returns>How many were put back.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    public async Task<int> RedriveAllDeadLettersAsync(CancellationToken cancellationToken = default)
    {
        var count = await _store.RedriveAsync(null, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        Redriven(count, "all");
        return count;
    }

    private void Redriven(int count, string which)
    {
        if (count > 0)
        {
            Log.DeadLettersRedriven(_logger, count, which);
            DeliverySignal.Set();
        }
    }
}
