namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// Retention in the in-memory store, under the store's lock: pins, the run lease, the policy's choice and removal, and
/// the bound on finished records the store's options set.
/// </summary>
/// <param name="gate">The store's lock.</param>
/// <param name="records">The store's records.</param>
/// <param name="audit">The store's audit trails.</param>
/// <param name="changes">The store's change feed.</param>
/// <param name="outbox">The store's outbox.</param>
/// <param name="maxFinishedRecords">The bound on finished records, or null to keep everything.</param>
/// <param name="forgetLocked">Forgets records with everything kept beside them; called under the lock.</param>
internal sealed class InMemoryRetention(Lock gate, Dictionary<UpgradeRecordId, UpgradeRecord> records,
    Dictionary<UpgradeRecordId, List<Auditing.AuditEntry>> audit, InMemoryChangeFeed changes, InMemoryOutbox outbox, int? maxFinishedRecords,
    Action<IReadOnlySet<UpgradeRecordId>> forgetLocked)
{
    private readonly Lock _gate = gate;
    private readonly Dictionary<UpgradeRecordId, UpgradeRecord> _records = records;
    private readonly Dictionary<UpgradeRecordId, List<Auditing.AuditEntry>> _audit = audit;
    private readonly InMemoryChangeFeed _changeFeed = changes;
    private readonly InMemoryOutbox _outbox = outbox;
    private readonly int? _maxFinishedRecords = maxFinishedRecords;
    private readonly Action<IReadOnlySet<UpgradeRecordId>> _forgetLocked = forgetLocked;
    private readonly HashSet<UpgradeRecordId> _pinned = [];
    private (Guid Holder, NodaTime.Instant Until)? _runLease;

    public Task<bool> SetPinnedAsync(UpgradeRecordId id, bool pinned, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_records.ContainsKey(id))
            {
                return Task.FromResult(false);
            }

            _ = pinned ? _pinned.Add(id) : _pinned.Remove(id);
            return Task.FromResult(true);
        }
    }

    public Task<bool> SetPinnedWithAuditAsync(bool pinned, Auditing.AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Under the store's lock: the pin and its entry are seen together or not at all.
            if (!_records.ContainsKey(entry.RecordId))
            {
                return Task.FromResult(false);
            }

            _ = pinned ? _pinned.Add(entry.RecordId) : _pinned.Remove(entry.RecordId);
            if (!_audit.TryGetValue(entry.RecordId, out var trail))
            {
                _audit[entry.RecordId] = trail = [];
            }

            trail.Add(entry);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlySet<UpgradeRecordId>> ReadPinnedAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlySet<UpgradeRecordId>>(ids.Where(id => _records.ContainsKey(id) && _pinned.Contains(id)).ToHashSet());
        }
    }

    public Task<bool> IsPinnedAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_records.ContainsKey(id) && _pinned.Contains(id));
        }
    }

    public Task<IReadOnlyList<RetentionCandidate>> SelectRemovableAsync(RetentionSelection selection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentOutOfRangeException.ThrowIfNegative(selection.KeepNewest);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(selection.MaxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var keep = KeptAlwaysLocked();
            // Ids are time-ordered (made from the creation time): the newest finished are the largest.
            keep.UnionWith(_records.Values.Where(r => r.Status.IsTerminal()).Select(r => r.Id).Order().Reverse().Take(selection.KeepNewest));
            IReadOnlyList<RetentionCandidate> candidates = [.. _records.Values
                .Where(r => r.Status.IsTerminal() && !keep.Contains(r.Id) && FinishedAt(r) < selection.FinishedBefore)
                .OrderBy(r => r.Id)
                .Take(selection.MaxCount)
                .Select(r => new RetentionCandidate { Id = r.Id, FinishedAt = FinishedAt(r) })];
            return Task.FromResult(candidates);
        }
    }

    public Task<IReadOnlyList<UpgradeRecordId>> RemoveAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var keep = KeptAlwaysLocked();
            var removed = new List<UpgradeRecordId>();
            foreach (var id in ids.Distinct())
            {
                if (!_records.TryGetValue(id, out var record) || !record.Status.IsTerminal() || keep.Contains(id))
                {
                    continue;
                }

                _changeFeed.AddLocked(RecordChangeKind.Removed, id, record.Version, 0);
                removed.Add(id);
            }

            _forgetLocked(removed.ToHashSet());
            return Task.FromResult<IReadOnlyList<UpgradeRecordId>>(removed);
        }
    }

    public Task<bool> TryAcquireRunLeaseAsync(Guid holder, NodaTime.Instant now, NodaTime.Instant until, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_runLease is { } lease && lease.Holder != holder && lease.Until >= now)
            {
                return Task.FromResult(false);
            }

            _runLease = (holder, until);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseRunLeaseAsync(Guid holder, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_runLease?.Holder == holder)
            {
                _runLease = null;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Issue 17 item 6: past the bound, forgets the oldest finished records (and audit trails of removed ones) down to
    /// nine tenths of it, so the scan runs once per tenth of the bound. Called under the lock, after a change.
    /// </summary>
    public void EnforceLocked()
    {
        if (_maxFinishedRecords is not { } max || Math.Max(_records.Count, _audit.Count) <= max)
        {
            return;
        }

        var finished = _audit.Keys.Where(id => !_records.TryGetValue(id, out var record) || record.Status.IsTerminal()).ToList();
        var excess = finished.Count - (max - max / 10);
        if (excess <= 0 || finished.Count <= max)
        {
            return;
        }

        // Ids are time-ordered (made from the creation time), so the smallest are the oldest.
        var forget = finished.Order().Take(excess).ToHashSet();
        _forgetLocked(forget);
    }

    /// <summary>Whether a record is pinned; the caller holds the lock.</summary>
    public bool IsPinnedLocked(UpgradeRecordId id) => _pinned.Contains(id);

    private static NodaTime.Instant FinishedAt(UpgradeRecord record) => record.UpgradeEndedAt ?? record.CreatedAt;

    /// <summary>The records no policy removes: unfinished ones are left out by the callers; here the first, the latest succeeded, the pinned and those with undelivered notifications.</summary>
    private HashSet<UpgradeRecordId> KeptAlwaysLocked()
    {
        var keep = new HashSet<UpgradeRecordId>(_pinned);
        if (_records.Count > 0)
        {
            keep.Add(_records.Keys.Min());
        }

        if (_records.Values.Where(r => r.Status == UpgradeStatus.Succeeded).Select(r => r.Id).DefaultIfEmpty().Max() is { } latest && latest != default)
        {
            keep.Add(latest);
        }

        keep.UnionWith(_outbox.RecordsWithUndeliveredLocked());
        return keep;
    }
}
