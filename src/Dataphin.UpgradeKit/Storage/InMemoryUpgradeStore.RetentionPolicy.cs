namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore : IRetentionStore
{
    private readonly HashSet<UpgradeRecordId> _pinned = [];
    private (Guid Holder, NodaTime.Instant Until)? _runLease;

    /// <inheritdoc />
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

    /// <inheritdoc />
    public Task<bool> IsPinnedAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_records.ContainsKey(id) && _pinned.Contains(id));
        }
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
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

                _records.Remove(id);
                _configurations.Remove(id);
                _audit.Remove(id);
                _timeline.ForgetLocked(id);
                foreach (var key in _idempotencyKeys.Where(k => k.Value == id).Select(k => k.Key).ToList())
                {
                    _idempotencyKeys.Remove(key);
                }

                _changeFeed.AddLocked(RecordChangeKind.Removed, id, record.Version, 0);
                removed.Add(id);
            }

            return Task.FromResult<IReadOnlyList<UpgradeRecordId>>(removed);
        }
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
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
