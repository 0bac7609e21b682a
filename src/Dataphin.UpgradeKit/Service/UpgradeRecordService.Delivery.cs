using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Service;

// One delivery pass (R-DLV-1…5): claim what is due under a lease, hand each to the host's handler, then complete,
// retry later or dead-letter it, always naming the lease. The hosted dispatcher and DeliverPendingNotificationsAsync
// both run it. A committed change never waits for it (R-DLV item 8): the operation only sets DeliverySignal.
public sealed partial class UpgradeRecordService
{
    private bool _noHandlerLogged;

    /// <summary>Set after every commit that stored notifications; the dispatcher waits on it between sweeps.</summary>
    internal DeliverySignal DeliverySignal { get; } = new();

    /// <summary>The delivery options the service was created with.</summary>
    internal NotificationDeliveryOptions DeliveryOptions => _options.Delivery;

    /// <summary>Called once the store committed a change: wakes the dispatcher when the change stored notifications. Cannot fail.</summary>
    private void NotificationsCommitted(int count)
    {
        if (count > 0)
        {
            DeliverySignal.Set();
        }
    }

    /// <summary>Claims one batch of due notifications and delivers it.</summary>
    /// <exception cref="UpgradeStoreException">The claim failed; nothing was claimed.</exception>
    internal async Task<DeliveryPass> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var options = _options.Delivery;
        if (_notificationHandler is null)
        {
            await WarnNoHandlerAsync(cancellationToken).ConfigureAwait(false);
            return new DeliveryPass(0, 0, []);
        }

        var now = _clock.GetCurrentInstant();
        var token = Guid.NewGuid();
        var leaseUntil = now + options.LeaseDuration;
        var claimed = await _store.ClaimAsync(token, options.BatchSize, now, leaseUntil, cancellationToken).ConfigureAwait(false);
        var handled = new List<UpgradeNotification>(claimed.Count);
        List<Instant>? retries = null;
        var notHandedOver = 0;
        foreach (var claim in claimed)
        {
            var notification = claim.Notification;
            if (notHandedOver > 0 || _clock.GetCurrentInstant() >= leaseUntil)
            {
                // The batch outlived its lease (slow handlers before this one): another instance may have claimed this
                // notification, delivered it and handed out its record's next one. Handing it over now would repeat it
                // after its successor (R-DLV-3); its lease has expired, so the next claimant, this one included, takes it.
                notHandedOver++;
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                // The host is stopping: give the rest back for another instance or the next start, at no cost of attempts' time.
                await ReleaseQuietlyAsync(notification, token).ConfigureAwait(false);
                continue;
            }

            if (notification.Attempt > options.MaxAttempts)
            {
                // Earlier claims ended without an outcome (a handler past its lease, a crashed instance): the budget is spent.
                await DeadLetterAsync(notification, token, null, $"{notification.Attempt - 1} attempts ended without an outcome").ConfigureAwait(false);
                continue;
            }

            try
            {
                await _notificationHandler.HandleAsync(notification, cancellationToken).ConfigureAwait(false);
                handled.Add(notification);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await ReleaseQuietlyAsync(notification, token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The host's handler may throw anything; it is the delivery's business (retry, dead letter), never the caller's.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var retryAt = await FailedAsync(claim, token, ex).ConfigureAwait(false);
                if (retryAt is { } at)
                {
                    (retries ??= []).Add(at);
                }
            }
        }

        if (notHandedOver > 0)
        {
            Log.DeliveryLeaseRanOut(_logger, notHandedOver, claimed.Count, options.LeaseDuration);
        }

        var delivered = await CompleteAsync(handled, token).ConfigureAwait(false);
        return new DeliveryPass(claimed.Count, delivered, (IReadOnlyList<Instant>?)retries ?? []);
    }

    private async Task<int> CompleteAsync(List<UpgradeNotification> handled, Guid token)
    {
        if (handled.Count == 0)
        {
            return 0;
        }

        int completed;
        try
        {
            // Not the caller's token: a handled notification is marked even while the host stops, else it goes out again.
            completed = await _store.CompleteAsync([.. handled.Select(n => n.Id)], token, _clock.GetCurrentInstant(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (UpgradeStoreException ex)
        {
            Log.DeliveryCompletionFailed(_logger, ex, handled.Count);
            return 0;
        }

        _telemetry.Delivery.Delivered(completed);
        foreach (var notification in handled)
        {
            _telemetry.Delivery.Attempt("delivered", notification.GetType().Name);
            Log.NotificationDelivered(_logger, notification.Id, notification.GetType().Name, notification.RecordId);
        }

        if (completed < handled.Count)
        {
            Log.DeliveryLeaseLost(_logger, handled.Count - completed, handled.Count);
        }

        return completed;
    }

    /// <summary>Schedules the retry of a failed attempt, or dead-letters it when its attempts or time ran out; returns the retry time.</summary>
    private async Task<Instant?> FailedAsync(ClaimedNotification claim, Guid token, Exception exception)
    {
        var options = _options.Delivery;
        var notification = claim.Notification;
        var now = _clock.GetCurrentInstant();
        if (notification.Attempt >= options.MaxAttempts)
        {
            await DeadLetterAsync(notification, token, exception, $"{notification.Attempt} attempts failed").ConfigureAwait(false);
            return null;
        }

        if (now - claim.FirstAttemptedAt >= options.MaxAge)
        {
            await DeadLetterAsync(notification, token, exception, $"failing for longer than {options.MaxAge}").ConfigureAwait(false);
            return null;
        }

        var retryAt = now + Backoff.Delay(notification.Attempt, options.BackoffBase, options.BackoffCap, Random.Shared.NextDouble());
        if (await TryFailAsync(notification, token, Describe(exception), retryAt, now).ConfigureAwait(false))
        {
            _telemetry.Delivery.Attempt("failed", notification.GetType().Name);
            Log.DeliveryRetryScheduled(_logger, exception, notification.Id, notification.GetType().Name, notification.RecordId, notification.Attempt, retryAt);
        }

        return retryAt;
    }

    private async Task DeadLetterAsync(UpgradeNotification notification, Guid token, Exception? exception, string why)
    {
        var error = exception is null ? why : $"{why}; last: {Describe(exception)}";
        if (await TryFailAsync(notification, token, error, null, _clock.GetCurrentInstant()).ConfigureAwait(false))
        {
            var type = notification.GetType().Name;
            _telemetry.Delivery.Attempt("dead_lettered", type);
            _telemetry.Delivery.DeadLettered(type);
            Log.NotificationDeadLettered(_logger, exception, notification.Id, type, notification.RecordId, notification.Attempt, why);
        }
    }

    /// <summary>Releases a claimed notification for an immediate new attempt (the host is stopping).</summary>
    private Task<bool> ReleaseQuietlyAsync(UpgradeNotification notification, Guid token)
    {
        var now = _clock.GetCurrentInstant();
        return TryFailAsync(notification, token, "not attempted: the host was stopping", now, now);
    }

    /// <summary>Records a failure; a store error is logged and leaves the lease to expire, so the notification is retried anyway.</summary>
    private async Task<bool> TryFailAsync(UpgradeNotification notification, Guid token, string error, Instant? retryAt, Instant now)
    {
        try
        {
            return await _store.FailAsync(notification.Id, token, error, retryAt, now, CancellationToken.None).ConfigureAwait(false);
        }
        catch (UpgradeStoreException ex)
        {
            Log.DeliveryPassFailed(_logger, ex, _options.Delivery.LeaseDuration);
            return false;
        }
    }

    private async Task WarnNoHandlerAsync(CancellationToken cancellationToken)
    {
        if (_noHandlerLogged)
        {
            return;
        }

        _noHandlerLogged = true;
        if ((await _store.ReadPendingAsync(1, cancellationToken).ConfigureAwait(false)) is [var first, ..])
        {
            Log.NoNotificationHandler(_logger, first.Id, first.GetType().Name, first.RecordId);
        }
        else
        {
            _noHandlerLogged = false;
        }
    }

    // The type and message of the handler's exception: the host's own text, bounded by the store; the SDK adds no payload.
    private static string Describe(Exception exception) => $"{exception.GetType().FullName}: {exception.Message}";
}

/// <summary>What one delivery pass did.</summary>
/// <param name="Claimed">How many notifications it claimed.</param>
/// <param name="Delivered">How many of them it delivered and marked.</param>
/// <param name="RetriesAt">When each retry it scheduled is due (every one, not only the earliest: the dispatcher must
/// wake for each, since the earliest may end in a dead letter and leave the others waiting for a sweep).</param>
internal readonly record struct DeliveryPass(int Claimed, int Delivered, IReadOnlyList<Instant> RetriesAt);
