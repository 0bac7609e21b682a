using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// A thread-safe store that keeps everything in process memory: for tests, samples and hosts that accept losing
/// their records on restart. Each write takes one lock, so a change, its audit entry and its notifications are
/// visible together or not at all.
/// </summary>
/// <remarks>
/// Memory grows with what it keeps: about 2.6 KB per upgrade lifecycle (record, audit trail, timeline), never released
/// by the default constructor (1.5 million lifecycles: 3.85 GB). A long-running host bounds it with
/// <see cref="InMemoryUpgradeStoreOptions.MaxFinishedRecords"/>, or uses a database store.
/// </remarks>
public sealed partial class InMemoryUpgradeStore : IUpgradeStore
{
    private readonly Lock _gate = new();
    private readonly InMemoryRecords _records;
    private readonly InMemoryChangeFeed _changeFeed;
    private readonly InMemoryTimeline _timeline;
    private readonly InMemoryOutbox _outbox;

    /// <inheritdoc />
    public ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) => _records.FindAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken = default) =>
        _records.InsertAsync(record, change, cancellationToken);

    /// <inheritdoc />
    public Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default) =>
        _records.UpdateAsync(record, expectedVersion, change, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default) =>
        _records.DeleteAsync(id, expectedVersion, change, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ConfigurationFile?> ReadConfigurationAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        _records.ReadConfigurationAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default) =>
        _records.ListAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) => _records.AppendAsync(entry, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        _records.ReadAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default) =>
        _outbox.ReadPendingAsync(maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(Guid leaseToken, int maxCount, Instant now, Instant leaseUntil,
        CancellationToken cancellationToken = default) => _outbox.ClaimAsync(leaseToken, maxCount, now, leaseUntil, cancellationToken);

    /// <inheritdoc />
    public Task<int> CompleteAsync(IReadOnlyCollection<Guid> notificationIds, Guid leaseToken, Instant deliveredAt,
        CancellationToken cancellationToken = default) => _outbox.CompleteAsync(notificationIds, leaseToken, deliveredAt, cancellationToken);

    /// <inheritdoc />
    public Task<bool> FailAsync(Guid notificationId, Guid leaseToken, string lastError, Instant? retryAt, Instant now,
        CancellationToken cancellationToken = default) => _outbox.FailAsync(notificationId, leaseToken, lastError, retryAt, now, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) =>
        _outbox.ReadDeadLettersAsync(maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<int> CountDeadLettersAsync(CancellationToken cancellationToken = default) => _outbox.CountDeadLettersAsync(cancellationToken);

    /// <inheritdoc />
    public Task<int> RedriveAsync(Guid? notificationId, Instant now, CancellationToken cancellationToken = default) =>
        _outbox.RedriveAsync(notificationId, now, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId = null,
        CancellationToken cancellationToken = default) => _changeFeed.ReadChangesAsync(afterPosition, maxCount, recordId, cancellationToken);

    /// <inheritdoc />
    public Task<long> ReadLastPositionAsync(CancellationToken cancellationToken = default) => _changeFeed.ReadLastPositionAsync(cancellationToken);

    /// <inheritdoc />
    public IDisposable SubscribeToChanges(Action onCommitted) => _changeFeed.SubscribeToChanges(onCommitted);

    /// <inheritdoc />
    /// <remarks>Checks and merges the batch's subjects under the store's lock: the cost is the batch's, not the stream's.</remarks>
    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default) =>
        _timeline.AppendEventsAsync(recordId, events, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        _timeline.ReadEventsAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineSubjectSummary>> ReadSummariesAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        _timeline.ReadSummariesAsync(recordId, cancellationToken);

    /// <summary>Puts a snapshot back as it is and forgets its audit trail, bypassing every check (benchmarks reset a record this way).</summary>
    internal void Reset(UpgradeRecord record) => _records.Reset(record);
}
