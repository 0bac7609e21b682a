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

    /// <summary>
    /// The source of the retries' jitter, a number in [0, 1) per retry (R-DLV-4); tests make it deterministic.
    /// Thread-safe by default (<see cref="Random.Shared"/>).
    /// </summary>
    internal Func<double> DeliveryJitter { get; init; } = Random.Shared.NextDouble;

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
        List<Instant>? wakeAt = null;
        var notHandedOver = 0;
        foreach (var claim in claimed)
        {
            var notification = claim.Notification;
            var lease = new Lease(token, leaseUntil);
            if (notHandedOver > 0 || _clock.GetCurrentInstant() >= leaseUntil)
            {
                // The batch outlived its lease (slow handlers before this one): another instance may have claimed this
                // notification, delivered it and handed out its record's next one. Handing it over now would repeat it
                // after its successor (R-DLV-3); its lease has expired, so the next claimant, this one included, takes it.
                notHandedOver++;
                continue;
            }

            Instant? wake;
            if (cancellationToken.IsCancellationRequested)
            {
                // The host is stopping: give the rest back for another instance or the next start, at no cost of attempts' time.
                wake = await ReleaseQuietlyAsync(notification, lease).ConfigureAwait(false);
            }
            else if (notification.Attempt > options.MaxAttempts)
            {
                // Earlier claims ended without an outcome (a handler past its lease, a crashed instance): the budget is spent.
                wake = await DeadLetterAsync(notification, lease, null, $"{notification.Attempt - 1} attempts ended without an outcome").ConfigureAwait(false);
            }
            else
            {
                wake = await HandOverAsync(claim, lease, handled, cancellationToken).ConfigureAwait(false);
            }

            if (wake is { } at)
            {
                (wakeAt ??= []).Add(at);
            }
        }

        if (notHandedOver > 0)
        {
            Log.DeliveryLeaseRanOut(_logger, notHandedOver, claimed.Count, options.LeaseDuration);
        }

        var delivered = await CompleteAsync(handled, token).ConfigureAwait(false);
        if (delivered is null)
        {
            // Not marked: the handled ones come back when the lease expires, and this dispatcher must be awake then.
            (wakeAt ??= []).Add(leaseUntil);
        }

        return new DeliveryPass(claimed.Count, delivered ?? 0, (IReadOnlyList<Instant>?)wakeAt ?? []);
    }

    /// <summary>Hands one notification to the host's handler; returns when this dispatcher should look for it again, if ever.</summary>
    private async Task<Instant?> HandOverAsync(ClaimedNotification claim, Lease lease, List<UpgradeNotification> handled, CancellationToken cancellationToken)
    {
        var notification = claim.Notification;
        try
        {
            await _notificationHandler!.HandleAsync(notification, cancellationToken).ConfigureAwait(false);
            handled.Add(notification);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's stop, not the handler's own cancellation (a timeout of its own, say): that one is a failure below.
            return await ReleaseQuietlyAsync(notification, lease).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The host's handler may throw anything; it is the delivery's business (retry, dead letter), never the caller's.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return await FailedAsync(claim, lease, ex).ConfigureAwait(false);
        }
    }

    /// <summary>Marks the handled notifications delivered; null when the write failed (they are delivered again).</summary>
    private async Task<int?> CompleteAsync(List<UpgradeNotification> handled, Guid token)
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
            return null;
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

    /// <summary>
    /// Schedules the retry of a failed attempt, or dead-letters it when its attempts or time ran out; returns when this
    /// dispatcher should look for it again: its retry time, or its lease's end when the outcome could not be recorded.
    /// </summary>
    private async Task<Instant?> FailedAsync(ClaimedNotification claim, Lease lease, Exception exception)
    {
        var options = _options.Delivery;
        var notification = claim.Notification;
        var now = _clock.GetCurrentInstant();
        if (notification.Attempt >= options.MaxAttempts)
        {
            return await DeadLetterAsync(notification, lease, exception, $"{notification.Attempt} attempts failed").ConfigureAwait(false);
        }

        if (now - claim.FirstAttemptedAt >= options.MaxAge)
        {
            return await DeadLetterAsync(notification, lease, exception, $"failing for longer than {options.MaxAge}").ConfigureAwait(false);
        }

        var retryAt = now + Backoff.Delay(notification.Attempt, options.BackoffBase, options.BackoffCap, DeliveryJitter());
        switch (await TryFailAsync(notification, lease, Describe(exception), retryAt, now, "retry").ConfigureAwait(false))
        {
            case Outcome.Recorded:
                _telemetry.Delivery.Attempt("failed", notification.GetType().Name);
                Log.DeliveryRetryScheduled(_logger, exception, notification.Id, notification.GetType().Name, notification.RecordId, notification.Attempt, retryAt);
                return retryAt;
            case Outcome.NotRecorded:
                return lease.Until;
            default:
                // Another dispatcher holds it now and looks after it.
                return null;
        }
    }

    /// <summary>Dead-letters a notification; returns its lease's end when that could not be recorded (it comes back then), else null.</summary>
    private async Task<Instant?> DeadLetterAsync(UpgradeNotification notification, Lease lease, Exception? exception, string why)
    {
        var error = exception is null ? why : $"{why}; last: {Describe(exception)}";
        var outcome = await TryFailAsync(notification, lease, error, null, _clock.GetCurrentInstant(), "dead letter").ConfigureAwait(false);
        if (outcome == Outcome.Recorded)
        {
            var type = notification.GetType().Name;
            _telemetry.Delivery.Attempt("dead_lettered", type);
            _telemetry.Delivery.DeadLettered(type);
            Log.NotificationDeadLettered(_logger, exception, notification.Id, type, notification.RecordId, notification.Attempt, why);
        }

        return outcome == Outcome.NotRecorded ? lease.Until : null;
    }

    /// <summary>Releases a claimed notification for an immediate new attempt (the host is stopping).</summary>
    private async Task<Instant?> ReleaseQuietlyAsync(UpgradeNotification notification, Lease lease)
    {
        var now = _clock.GetCurrentInstant();
        var outcome = await TryFailAsync(notification, lease, "not attempted: the host was stopping", now, now, "release").ConfigureAwait(false);
        return outcome == Outcome.NotRecorded ? lease.Until : null;
    }

    /// <summary>Records a failure; a store error is logged and leaves the lease to expire, so the notification is retried anyway.</summary>
    private async Task<Outcome> TryFailAsync(UpgradeNotification notification, Lease lease, string error, Instant? retryAt, Instant now, string what)
    {
        try
        {
            return await _store.FailAsync(notification.Id, lease.Token, error, retryAt, now, CancellationToken.None).ConfigureAwait(false)
                ? Outcome.Recorded
                : Outcome.LeaseLost;
        }
        catch (UpgradeStoreException ex)
        {
            Log.DeliveryOutcomeNotRecorded(_logger, ex, notification.Attempt, notification.Id, notification.GetType().Name, notification.RecordId, what, lease.Until);
            return Outcome.NotRecorded;
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

    /// <summary>The lease one claim holds on its batch.</summary>
    private readonly record struct Lease(Guid Token, Instant Until);

    /// <summary>What became of an outcome write.</summary>
    private enum Outcome
    {
        /// <summary>Stored.</summary>
        Recorded,

        /// <summary>Another dispatcher claimed the notification since; nothing changed.</summary>
        LeaseLost,

        /// <summary>The store failed; the lease expires and the notification is claimed again.</summary>
        NotRecorded,
    }
}

/// <summary>What one delivery pass did.</summary>
/// <param name="Claimed">How many notifications it claimed.</param>
/// <param name="Delivered">How many of them it delivered and marked.</param>
/// <param name="WakeAt">When what it left behind becomes claimable again: each retry it scheduled, and the end of the
/// lease of what it could not record an outcome for (a failed store write). Every one, not only the earliest: the
/// dispatcher must wake for each, since the earliest may end in a dead letter and leave the others waiting for a sweep.</param>
internal readonly record struct DeliveryPass(int Claimed, int Delivered, IReadOnlyList<Instant> WakeAt);
