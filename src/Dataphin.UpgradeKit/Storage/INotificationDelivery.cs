using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The outbox as a work queue of several dispatchers: a dispatcher claims what it hands to its handler
/// under an expiring lease, then completes it, schedules its retry, or dead-letters it, naming the lease it holds.
/// </summary>
/// <remarks>
/// <para>
/// What may be claimed: a notification that is not delivered, not dead-lettered, whose retry time has come, whose lease
/// (if any) has expired, and that is the oldest undelivered notification of its record (a record's
/// notifications go out in the order they were stored; one that waits for a retry or sits in the dead letters holds back
/// only its own record's later ones). Each claim counts an attempt.
/// </para>
/// <para>
/// A lease is named by the token of the claim. Completing, rescheduling or dead-lettering with a token that is no longer
/// the notification's (its lease expired and another dispatcher claimed it) changes nothing and answers false, so an
/// instance that ran past its lease never overwrites the work of the one that took over.
/// </para>
/// <para>Times come from the caller (its <see cref="IClock"/>), so every instance on one database must keep its clock in step.
/// Implementations are thread-safe; two claims never return the same notification while its lease holds.</para>
/// </remarks>
public interface INotificationDelivery
{
    /// <summary>Claims up to <paramref name="maxCount"/> notifications, oldest first, each leased to <paramref name="leaseToken"/> until <paramref name="leaseUntil"/>.</summary>
    /// <param name="leaseToken">A new token for this claim.</param>
    /// <param name="maxCount">How many at most (1 or more).</param>
    /// <param name="now">The current time: retries due and leases expired by then may be claimed.</param>
    /// <param name="leaseUntil">When the lease ends, after <paramref name="now"/>.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claimed notifications in store order, each with its <see cref="UpgradeNotification.Attempt"/>.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written; nothing was claimed.</exception>
    Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(Guid leaseToken, int maxCount, Instant now, Instant leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Marks the notifications delivered that are still leased to <paramref name="leaseToken"/>.</summary>
    /// <returns>How many were marked; the others had been claimed by someone else since.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written; nothing was marked.</exception>
    Task<int> CompleteAsync(IReadOnlyCollection<Guid> notificationIds, Guid leaseToken, Instant deliveredAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed attempt of a notification still leased to <paramref name="leaseToken"/>: it is released with
    /// <paramref name="lastError"/>, and claimable again from <paramref name="retryAt"/>, or dead-lettered at
    /// <paramref name="now"/> when <paramref name="retryAt"/> is null.
    /// </summary>
    /// <param name="notificationId">The notification.</param>
    /// <param name="leaseToken">The token it was claimed with.</param>
    /// <param name="lastError">What went wrong, for the operator; the store keeps at most <see cref="DeadLetter.MaxErrorLength"/> characters.</param>
    /// <param name="retryAt">When it may be claimed again; null to dead-letter it.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when the lease was no longer <paramref name="leaseToken"/>'s (nothing changed).</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written; nothing changed.</exception>
    Task<bool> FailAsync(Guid notificationId, Guid leaseToken, string lastError, Instant? retryAt, Instant now, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxCount"/> dead-lettered notifications, oldest first.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>How many notifications are dead-lettered.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<int> CountDeadLettersAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts dead letters back in the queue with a fresh attempt budget, claimable from <paramref name="now"/>: the one
    /// with <paramref name="notificationId"/>, or every one when it is null.
    /// </summary>
    /// <returns>How many were put back (0 when the id names no dead letter).</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written; nothing changed.</exception>
    Task<int> RedriveAsync(Guid? notificationId, Instant now, CancellationToken cancellationToken = default);
}
