using System.Diagnostics.Metrics;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Dataphin.UpgradeKit.Delivery;

/// <summary>
/// Delivers the outbox's notifications to the host's handler, and administers the dead letters: lists,
/// counts and puts them back. One delivery pass claims what is due under a lease, hands each notification to the handler,
/// then marks it delivered, schedules its retry or dead-letters it, always naming the lease. The hosted dispatcher
/// (<c>AddUpgradeKit()</c>) and <see cref="DeliverPendingNotificationsAsync"/> both run it. A committed change never
/// waits for it: commands and host reports only wake the dispatcher of their store. Thread-safe; register it as a
/// singleton (<c>AddUpgradeKit()</c> does).
/// </summary>
public sealed class NotificationDelivery
{
    private readonly IUpgradeStore _store;
    private readonly IClock _clock;
    private readonly IUpgradeNotificationHandler? _handler;
    private readonly NotificationDeliveryOptions _options;
    private readonly ILogger _logger;
    private readonly DeliveryTelemetry _telemetry;
    private bool _noHandlerLogged;

    /// <summary>Creates the delivery of <paramref name="store"/>'s outbox.</summary>
    /// <param name="store">Where the outbox and its dead letters live.</param>
    /// <param name="clock">The source of leases, retry times and delivery times.</param>
    /// <param name="notificationHandler">
    /// The host's handler; without one, notifications stay pending in the outbox (and a warning says so once).
    /// </param>
    /// <param name="options">Settings, of which delivery reads <see cref="UpgradeKitOptions.Delivery"/>; defaults when null. Validated here.</param>
    /// <param name="logger">Where to log; nothing is logged when null.</param>
    /// <param name="meterFactory">Creates the SDK's meter (<see cref="UpgradeKitDiagnostics.MeterName"/>); a shared meter when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public NotificationDelivery(
        IUpgradeStore store,
        IClock clock,
        IUpgradeNotificationHandler? notificationHandler = null,
        UpgradeKitOptions? options = null,
        ILogger<NotificationDelivery>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        _store = Guard.NotNull(store);
        _clock = Guard.NotNull(clock);
        var all = options ?? new UpgradeKitOptions();
        all.Validate();
        _options = all.Delivery;
        _handler = notificationHandler;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _telemetry = new UpgradeKitTelemetry(meterFactory).Delivery;
        DeliverySignal = DeliverySignal.For(_store);
    }

    /// <summary>
    /// Set after every commit that stored notifications in this store; the dispatcher waits on it between sweeps. Tests
    /// that drive the dispatcher by hand give it a signal of its own, so that only what they drive wakes it.
    /// </summary>
    internal DeliverySignal DeliverySignal { get; set; }

    /// <summary>The delivery options this delivery was created with.</summary>
    internal NotificationDeliveryOptions DeliveryOptions => _options;

    /// <summary>
    /// Delivers what is due in the outbox now, on the same leases, order, retries and dead letters as the hosted
    /// dispatcher, until nothing more can be claimed. For a host that turned the dispatcher off
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

    /// <summary>Up to <paramref name="maxCount"/> dead-lettered notifications, oldest first, with their last error.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is not positive.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int maxCount = 100, CancellationToken cancellationToken = default) =>
        _store.ReadDeadLettersAsync(maxCount, cancellationToken);

    /// <summary>How many notifications are dead-lettered; the health check reports Degraded while it is not 0.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    public Task<int> CountDeadLettersAsync(CancellationToken cancellationToken = default) => _store.CountDeadLettersAsync(cancellationToken);

    /// <summary>
    /// Puts one dead letter back for delivery with a fresh attempt budget, and wakes the dispatcher.
    /// </summary>
    /// <returns>True when <paramref name="notificationId"/> named a dead letter.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    public async Task<bool> RedriveDeadLetterAsync(Guid notificationId, CancellationToken cancellationToken = default)
    {
        var count = await _store.RedriveAsync(notificationId, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        Redriven(count, notificationId.ToString());
        return count > 0;
    }

    /// <summary>Puts every dead letter back for delivery with a fresh attempt budget, and wakes the dispatcher.</summary>
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

    /// <summary>
    /// The source of the retries' jitter, a number in [0, 1) per retry (R-DLV-4); tests make it deterministic.
    /// Thread-safe by default (<see cref="Random.Shared"/>).
    /// </summary>
    internal Func<double> DeliveryJitter { get; set; } = Random.Shared.NextDouble;

    /// <summary>Claims one batch of due notifications and delivers it.</summary>
    /// <exception cref="UpgradeStoreException">The claim failed; nothing was claimed.</exception>
    internal async Task<DeliveryPass> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var options = _options;
        if (_handler is null)
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

        var delivered = await MarkDeliveredAsync(handled, token).ConfigureAwait(false);
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
            await _handler!.HandleAsync(notification, cancellationToken).ConfigureAwait(false);
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
    private async Task<int?> MarkDeliveredAsync(List<UpgradeNotification> handled, Guid token)
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

        _telemetry.Delivered(completed);
        foreach (var notification in handled)
        {
            _telemetry.Attempt("delivered", notification.GetType().Name);
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
        var options = _options;
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
                _telemetry.Attempt("failed", notification.GetType().Name);
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
            _telemetry.Attempt("dead_lettered", type);
            _telemetry.DeadLettered(type);
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
