using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The records of the in-memory store with their configurations, audit trails and idempotency keys, under the store's
/// lock: each change commits its record, audit entry, notifications and change-feed entry together.
/// </summary>
/// <param name="gate">The store's lock.</param>
/// <param name="changes">The store's change feed.</param>
/// <param name="timeline">The store's timeline, forgotten with its record.</param>
/// <param name="outbox">The store's outbox, which takes each change's notifications.</param>
/// <param name="enforceRetentionLocked">Applies the bound on finished records after a change; called under the lock.</param>
internal sealed class InMemoryRecords(Lock gate, InMemoryChangeFeed changes, InMemoryTimeline timeline, InMemoryOutbox outbox, Action enforceRetentionLocked)
{
    private readonly Lock _gate = gate;
    private readonly Dictionary<UpgradeRecordId, UpgradeRecord> _records = [];
    private readonly Dictionary<UpgradeRecordId, ConfigurationFile> _configurations = [];
    private readonly Dictionary<UpgradeRecordId, List<AuditEntry>> _audit = [];
    private readonly Dictionary<string, UpgradeRecordId> _idempotencyKeys = new(StringComparer.Ordinal);
    private readonly InMemoryChangeFeed _changeFeed = changes;
    private readonly InMemoryTimeline _timeline = timeline;
    private readonly InMemoryOutbox _outbox = outbox;
    private readonly Action _enforceRetention = enforceRetentionLocked;

    /// <summary>The force-stop requests (R-GOV-2), opened and closed under the lock with the record change that carries them.</summary>
    public InMemoryForceStopRequests ForceStopRequests { get; } = new();

    /// <summary>The records by id; read and written under the lock.</summary>
    public Dictionary<UpgradeRecordId, UpgradeRecord> Records => _records;

    /// <summary>The audit trail of each record, in append order; read and written under the lock.</summary>
    public Dictionary<UpgradeRecordId, List<AuditEntry>> AuditTrails => _audit;

    /// <summary>
    /// How many of the oldest entries of each record's trail retention removed (its audit-entry period): an entry's place
    /// in its trail is this count plus its index, so places never change. Read and written under the lock.
    /// </summary>
    public Dictionary<UpgradeRecordId, int> AuditTrimmed { get; } = [];

    public ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_records.GetValueOrDefault(id));
        }
    }

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

    public Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            CheckVersion(record.Id, expectedVersion);
            ForceStopRequests.Check(record.Id, expectedVersion, change);
            _records[record.Id] = record;
            ForceStopRequests.Apply(record.Id, change);
            KeepConfiguration(record, change);
            Commit(change);
            _changeFeed.AddLocked(RecordChangeKind.Updated, record.Id, record.Version, 0);
        }

        return Task.CompletedTask;
    }

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

    public ValueTask<ConfigurationFile?> ReadConfigurationAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_configurations.GetValueOrDefault(recordId));
        }
    }

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

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> trail = _audit.TryGetValue(recordId, out var list) ? [.. list] : [];
            return Task.FromResult(trail);
        }
    }

    public Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // A key whose record was removed (R-REC-2) no longer names one: the creation runs again.
            if (_idempotencyKeys.TryGetValue(idempotencyKey, out var existing) && _records.TryGetValue(existing, out var stored))
            {
                return Task.FromResult(stored);
            }

            if (!_records.TryAdd(record.Id, record))
            {
                throw new ConcurrencyConflictException(record.Id, 0, _records[record.Id].Version);
            }

            _idempotencyKeys[idempotencyKey] = record.Id;
            KeepConfiguration(record, change);
            Commit(change);
            _changeFeed.AddLocked(RecordChangeKind.Created, record.Id, record.Version, 0);
        }

        return Task.FromResult(record);
    }

    /// <summary>Puts a snapshot back as it is and forgets its audit trail, bypassing every check (benchmarks reset a record this way).</summary>
    public void Reset(UpgradeRecord record)
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
        _enforceRetention();
    }

    private void AppendAudit(AuditEntry entry)
    {
        if (!_audit.TryGetValue(entry.RecordId, out var list))
        {
            _audit[entry.RecordId] = list = [];
        }

        list.Add(entry);
    }

    // The operator filter of the history search: the creator, or any audited request of theirs on the record. Called
    // under the gate.
    private bool ActedOn(UpgradeRecord record, string? actor) =>
        actor is null
        || string.Equals(record.CreatedBy, actor, StringComparison.Ordinal)
        || (_audit.TryGetValue(record.Id, out var trail) && trail.Exists(entry => string.Equals(entry.Actor, actor, StringComparison.Ordinal)));

    /// <summary>Forgets records with their configurations, audit trails, timelines and idempotency keys; the caller holds the lock.</summary>
    public void ForgetLocked(IReadOnlySet<UpgradeRecordId> forget)
    {
        foreach (var id in forget)
        {
            _records.Remove(id);
            _configurations.Remove(id);
            _audit.Remove(id);
            AuditTrimmed.Remove(id);
            _timeline.ForgetLocked(id);
            ForceStopRequests.Remove(id);
        }

        foreach (var key in _idempotencyKeys.Where(k => forget.Contains(k.Value)).Select(k => k.Key).ToList())
        {
            _idempotencyKeys.Remove(key);
        }
    }
}
