using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The outbox of the in-memory store and its deliveries (a leased work queue); it shares the store's lock, so a
/// change's notifications are stored with the change.
/// </summary>
internal sealed class InMemoryOutbox(Lock gate)
{
    private readonly Lock _gate = gate;
    private readonly List<UpgradeNotification> _pending = [];

    // Delivery state of the undelivered notifications in _pending, by id; an entry without state was never claimed.
    private readonly Dictionary<Guid, DeliveryState> _delivery = [];

    /// <summary>Adds a change's notifications; the caller holds the lock.</summary>
    public void AddLocked(IEnumerable<UpgradeNotification> notifications) => _pending.AddRange(notifications);

    /// <summary>The records with a notification not yet delivered (pending or dead-lettered), under the store's lock.</summary>
    public IEnumerable<UpgradeRecordId> RecordsWithUndeliveredLocked() => _pending.Select(n => n.RecordId);

    public Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<UpgradeNotification> pending = [.. _pending.Take(maxCount)];
            return Task.FromResult(pending);
        }
    }

    public Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(Guid leaseToken, int maxCount, Instant now, Instant leaseUntil,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        var claimed = new List<ClaimedNotification>();
        lock (_gate)
        {
            // _pending is in store order, so the first undelivered notification met for a record is its head (R-DLV-3).
            var blocked = new HashSet<UpgradeRecordId>();
            foreach (var notification in _pending)
            {
                if (claimed.Count == maxCount)
                {
                    break;
                }

                if (!blocked.Add(notification.RecordId))
                {
                    continue;
                }

                var state = _delivery.GetValueOrDefault(notification.Id) ?? new DeliveryState();
                if (state.DeadLetteredAt is not null || state.NextAttemptAt > now || state.LeaseUntil > now)
                {
                    continue;
                }

                var next = state with
                {
                    Attempts = state.Attempts + 1,
                    FirstAttemptedAt = state.FirstAttemptedAt ?? now,
                    LeaseToken = leaseToken,
                    LeaseUntil = leaseUntil,
                };
                _delivery[notification.Id] = next;
                claimed.Add(new ClaimedNotification(notification with { Attempt = next.Attempts }, next.FirstAttemptedAt.Value));
            }
        }

        return Task.FromResult<IReadOnlyList<ClaimedNotification>>(claimed);
    }

    public Task<int> CompleteAsync(IReadOnlyCollection<Guid> notificationIds, Guid leaseToken, Instant deliveredAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notificationIds);
        cancellationToken.ThrowIfCancellationRequested();
        var completed = 0;
        lock (_gate)
        {
            foreach (var id in notificationIds)
            {
                if (_delivery.TryGetValue(id, out var state) && state.LeaseToken == leaseToken)
                {
                    _delivery.Remove(id);
                    _pending.RemoveAt(_pending.FindIndex(n => n.Id == id));
                    completed++;
                }
            }
        }

        return Task.FromResult(completed);
    }

    public Task<bool> FailAsync(Guid notificationId, Guid leaseToken, string lastError, Instant? retryAt, Instant now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastError);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_delivery.TryGetValue(notificationId, out var state) || state.LeaseToken != leaseToken)
            {
                return Task.FromResult(false);
            }

            _delivery[notificationId] = state with
            {
                LeaseToken = null,
                LeaseUntil = null,
                LastError = DeadLetter.Bound(lastError),
                NextAttemptAt = retryAt ?? state.NextAttemptAt,
                DeadLetteredAt = retryAt is null ? now : null,
            };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<DeadLetter> dead = [.. _pending
                .Select(n => (Notification: n, State: _delivery.GetValueOrDefault(n.Id)))
                .Where(e => e.State?.DeadLetteredAt is not null)
                .Take(maxCount)
                .Select(e => new DeadLetter(e.Notification with { Attempt = e.State!.Attempts }, e.State.LastError ?? "", e.State.DeadLetteredAt!.Value))];
            return Task.FromResult(dead);
        }
    }

    public Task<int> CountDeadLettersAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_delivery.Values.Count(s => s.DeadLetteredAt is not null));
        }
    }

    public Task<int> RedriveAsync(Guid? notificationId, Instant now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var dead = _delivery.Where(e => e.Value.DeadLetteredAt is not null && (notificationId is not { } id || e.Key == id)).ToList();
            foreach (var (id, state) in dead)
            {
                _delivery[id] = new DeliveryState { NextAttemptAt = now, LastError = state.LastError };
            }

            return Task.FromResult(dead.Count);
        }
    }

    private sealed record DeliveryState
    {
        public int Attempts { get; init; }

        public Instant? FirstAttemptedAt { get; init; }

        public Instant NextAttemptAt { get; init; } = Instant.MinValue;

        public Guid? LeaseToken { get; init; }

        public Instant? LeaseUntil { get; init; }

        public string? LastError { get; init; }

        public Instant? DeadLetteredAt { get; init; }
    }
}
