using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Testing.HostTools.Delivery;

/// <summary>
/// A store decorator for fault tests (issue 11 item 8): it hands every call to the store it wraps, and tells
/// <see cref="AfterCall"/> after each call that returned, so a test can cancel its caller right after a write committed;
/// <see cref="FailClaims"/>, <see cref="FailCompletions"/> and <see cref="FailOutcomes"/> make the next so many claims,
/// mark-delivered writes and failure writes (retry, dead letter, release) throw <see cref="UpgradeStoreException"/>
/// without writing; <see cref="StoredNotifications"/> keeps the notifications of every change the store accepted, so a
/// test knows them even when the dispatcher delivered them before the test could read the outbox. Thread-safe as far as
/// the wrapped store is.
/// </summary>
public sealed class FaultInjectingStore(IUpgradeStore inner) : DelegatingUpgradeStore(inner)
{
    private readonly Lock _gate = new();
    private readonly List<UpgradeNotification> _stored = [];
    private readonly List<(Guid NotificationId, Instant? RetryAt, string LastError)> _outcomeWrites = [];
    private int _failClaims;
    private int _failedClaims;
    private int _failCompletions;
    private int _failedCompletions;
    private int _failOutcomes;
    private int _failedOutcomes;

    /// <summary>The notifications of every change the wrapped store accepted, in the order the calls returned.</summary>
    public IReadOnlyList<UpgradeNotification> StoredNotifications
    {
        get
        {
            lock (_gate)
            {
                return [.. _stored];
            }
        }
    }

    private void Stored(RecordChange change, string member)
    {
        lock (_gate)
        {
            _stored.AddRange(change.Notifications);
        }

        AfterCall?.Invoke(member);
    }

    /// <summary>The wrapped store.</summary>
    public IUpgradeStore Inner => InnerStore;

    /// <summary>Called with the member's name after each call to the wrapped store returned (and before the caller sees it).</summary>
    public Action<string>? AfterCall { get; set; }

    /// <summary>How many of the next <see cref="ClaimAsync"/> calls throw without claiming.</summary>
    public int FailClaims
    {
        get => Volatile.Read(ref _failClaims);
        set => Volatile.Write(ref _failClaims, value);
    }

    /// <summary>How many <see cref="ClaimAsync"/> calls threw.</summary>
    public int FailedClaims => Volatile.Read(ref _failedClaims);

    /// <summary>How many of the next <see cref="FailAsync"/> calls (a retry, a dead letter or a release) throw without writing.</summary>
    public int FailOutcomes
    {
        get => Volatile.Read(ref _failOutcomes);
        set => Volatile.Write(ref _failOutcomes, value);
    }

    /// <summary>How many <see cref="FailAsync"/> calls threw.</summary>
    public int FailedOutcomes => Volatile.Read(ref _failedOutcomes);

    /// <summary>The <see cref="FailAsync"/> calls that reached the wrapped store: the notification and its retry time (null: dead letter).</summary>
    public IReadOnlyList<(Guid NotificationId, Instant? RetryAt, string LastError)> OutcomeWrites
    {
        get
        {
            lock (_gate)
            {
                return [.. _outcomeWrites];
            }
        }
    }

    // True when this call is to fail: counts one of the faults still to inject down.
    private static bool Inject(ref int toFail, ref int failed)
    {
        if (Interlocked.Decrement(ref toFail) >= 0)
        {
            Interlocked.Increment(ref failed);
            return true;
        }

        Interlocked.Exchange(ref toFail, 0);
        return false;
    }

    /// <summary>How many of the next <see cref="CompleteAsync"/> calls throw without writing.</summary>
    public int FailCompletions
    {
        get => Volatile.Read(ref _failCompletions);
        set => Volatile.Write(ref _failCompletions, value);
    }

    /// <summary>How many <see cref="CompleteAsync"/> calls threw.</summary>
    public int FailedCompletions => Volatile.Read(ref _failedCompletions);

    private T After<T>(T result, string member)
    {
        AfterCall?.Invoke(member);
        return result;
    }

    /// <inheritdoc />
    public override async ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        After(await Inner.FindAsync(id, cancellationToken), nameof(FindAsync));

    /// <inheritdoc />
    public override async Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken = default)
    {
        await Inner.InsertAsync(record, change, cancellationToken);
        Stored(change, nameof(InsertAsync));
    }

    /// <inheritdoc />
    public override async Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default)
    {
        await Inner.UpdateAsync(record, expectedVersion, change, cancellationToken);
        Stored(change, nameof(UpdateAsync));
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default)
    {
        await Inner.DeleteAsync(id, expectedVersion, change, cancellationToken);
        Stored(change, nameof(DeleteAsync));
    }

    /// <inheritdoc />
    public override async Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default) =>
        After(await Inner.ListAsync(query, cancellationToken), nameof(ListAsync));

    /// <inheritdoc />
    public override async Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change, CancellationToken cancellationToken = default) =>
        After(await Inner.InsertOrGetAsync(record, idempotencyKey, change, cancellationToken), nameof(InsertOrGetAsync));

    /// <inheritdoc />
    public override async ValueTask<ConfigurationFile?> ReadConfigurationAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        After(await Inner.ReadConfigurationAsync(recordId, cancellationToken), nameof(ReadConfigurationAsync));

    /// <inheritdoc />
    public override async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await Inner.AppendAsync(entry, cancellationToken);
        AfterCall?.Invoke(nameof(AppendAsync));
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        After(await Inner.ReadAsync(recordId, cancellationToken), nameof(ReadAsync));

    /// <inheritdoc />
    public override async Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default) =>
        After(await Inner.ReadPendingAsync(maxCount, cancellationToken), nameof(ReadPendingAsync));

    /// <inheritdoc />
    public override async Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default) =>
        After(await Inner.AppendEventsAsync(recordId, events, cancellationToken), nameof(AppendEventsAsync));

    /// <inheritdoc />
    public override async Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        After(await Inner.ReadEventsAsync(recordId, cancellationToken), nameof(ReadEventsAsync));

    /// <inheritdoc />
    public override async Task<IReadOnlyList<TimelineSubjectSummary>> ReadSummariesAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        After(await Inner.ReadSummariesAsync(recordId, cancellationToken), nameof(ReadSummariesAsync));

    /// <inheritdoc />
    public override async Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(Guid leaseToken, int maxCount, Instant now, Instant leaseUntil, CancellationToken cancellationToken = default)
    {
        if (Inject(ref _failClaims, ref _failedClaims))
        {
            throw new UpgradeStoreException("Injected fault: the claim failed before it reached the store.");
        }

        return After(await Inner.ClaimAsync(leaseToken, maxCount, now, leaseUntil, cancellationToken), nameof(ClaimAsync));
    }

    /// <inheritdoc />
    public override async Task<int> CompleteAsync(IReadOnlyCollection<Guid> notificationIds, Guid leaseToken, Instant deliveredAt, CancellationToken cancellationToken = default)
    {
        if (Inject(ref _failCompletions, ref _failedCompletions))
        {
            throw new UpgradeStoreException("Injected fault: the mark-delivered write failed before it reached the store.");
        }

        return After(await Inner.CompleteAsync(notificationIds, leaseToken, deliveredAt, cancellationToken), nameof(CompleteAsync));
    }

    /// <inheritdoc />
    public override async Task<bool> FailAsync(Guid notificationId, Guid leaseToken, string lastError, Instant? retryAt, Instant now, CancellationToken cancellationToken = default)
    {
        if (Inject(ref _failOutcomes, ref _failedOutcomes))
        {
            throw new UpgradeStoreException("Injected fault: the failure write failed before it reached the store.");
        }

        lock (_gate)
        {
            _outcomeWrites.Add((notificationId, retryAt, lastError));
        }

        return After(await Inner.FailAsync(notificationId, leaseToken, lastError, retryAt, now, cancellationToken), nameof(FailAsync));
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) =>
        After(await Inner.ReadDeadLettersAsync(maxCount, cancellationToken), nameof(ReadDeadLettersAsync));

    /// <inheritdoc />
    public override async Task<int> CountDeadLettersAsync(CancellationToken cancellationToken = default) =>
        After(await Inner.CountDeadLettersAsync(cancellationToken), nameof(CountDeadLettersAsync));

    /// <inheritdoc />
    public override async Task<int> RedriveAsync(Guid? notificationId, Instant now, CancellationToken cancellationToken = default) =>
        After(await Inner.RedriveAsync(notificationId, now, cancellationToken), nameof(RedriveAsync));

    /// <inheritdoc />
    public override async Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId = null,
        CancellationToken cancellationToken = default) =>
        After(await Inner.ReadChangesAsync(afterPosition, maxCount, recordId, cancellationToken), nameof(ReadChangesAsync));

    /// <inheritdoc />
    public override async Task<long> ReadLastPositionAsync(CancellationToken cancellationToken = default) =>
        After(await Inner.ReadLastPositionAsync(cancellationToken), nameof(ReadLastPositionAsync));
}
