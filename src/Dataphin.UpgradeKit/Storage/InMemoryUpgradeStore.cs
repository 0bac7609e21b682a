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
    private readonly Dictionary<UpgradeRecordId, UpgradeRecord> _records = [];
    private readonly Dictionary<UpgradeRecordId, ConfigurationFile> _configurations = [];
    private readonly Dictionary<UpgradeRecordId, List<AuditEntry>> _audit = [];
    private readonly InMemoryChangeFeed _changeFeed;
    private readonly InMemoryTimeline _timeline;
    private readonly InMemoryOutbox _outbox;

    /// <inheritdoc />
    public ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_records.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_records.TryAdd(record.Id, record))
            {
                throw new ConcurrencyConflictException(record.Id, 0, _records[record.Id].Version);
            }

            KeepConfiguration(record, change);
            Commit(change);
            _changeFeed.AddLocked(RecordChangeKind.Created, record.Id, record.Version, 0);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            CheckVersion(record.Id, expectedVersion);
            _forceStopRequests.Check(record.Id, expectedVersion, change);
            _records[record.Id] = record;
            _forceStopRequests.Apply(record.Id, change);
            KeepConfiguration(record, change);
            Commit(change);
            _changeFeed.AddLocked(RecordChangeKind.Updated, record.Id, record.Version, 0);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            CheckVersion(id, expectedVersion);
            _records.Remove(id);
            _configurations.Remove(id);
            Commit(change);
            _changeFeed.AddLocked(RecordChangeKind.Removed, id, expectedVersion, 0);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ConfigurationFile?> ReadConfigurationAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_configurations.GetValueOrDefault(recordId));
        }
    }

    /// <inheritdoc />
    public Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        List<UpgradeRecord> matches;
        lock (_gate)
        {
            matches = [.. _records.Values.Where(r => query.Matches(r) && (cursor is not { } c || c.Precedes(r)) && ActedOn(r, query.Operator))];
        }

        matches.Sort((a, b) => UpgradeRecordCursor.Compare(a, b, query.Sort));
        var items = matches.Count > query.PageSize ? matches.GetRange(0, query.PageSize) : matches;
        var token = matches.Count > query.PageSize ? UpgradeRecordCursor.After(items[^1], query.Sort).Encode() : null;
        return Task.FromResult(new UpgradeRecordPage(items, token));
    }

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            AppendAudit(entry);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> trail = _audit.TryGetValue(recordId, out var list) ? [.. list] : [];
            return Task.FromResult(trail);
        }
    }

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
    internal void Reset(UpgradeRecord record)
    {
        lock (_gate)
        {
            _records[record.Id] = record;
            _audit.Remove(record.Id);
        }
    }

    private void CheckVersion(UpgradeRecordId id, long expectedVersion)
    {
        if (!_records.TryGetValue(id, out var current) || current.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(id, expectedVersion, current?.Version);
        }
    }

    // The content a change saves is kept beside the record; a record that names no configuration has none.
    private void KeepConfiguration(UpgradeRecord record, RecordChange change)
    {
        if (record.Configuration is null)
        {
            _configurations.Remove(record.Id);
        }
        else if (change.Configuration is { } file)
        {
            _configurations[record.Id] = file;
        }
    }

    private void Commit(RecordChange change)
    {
        AppendAudit(change.Audit);
        _outbox.AddLocked(change.Notifications);
        EnforceRetention();
    }

    private void AppendAudit(AuditEntry entry)
    {
        if (!_audit.TryGetValue(entry.RecordId, out var list))
        {
            _audit[entry.RecordId] = list = [];
        }

        list.Add(entry);
    }
}
