namespace Dataphin.UpgradeKit.Storage;

/// <summary>The change feed of the in-memory store; it shares the store's lock, so a change and its entry are seen together.</summary>
internal sealed class InMemoryChangeFeed(Lock gate)
{
    private readonly Lock _gate = gate;
    private readonly List<RecordChangeEntry> _changes = [];
    private readonly RecordChangeSignal _changeSignal = new();

    // Retention's change-feed period: the rows trimmed from the front (positions stay), and, since rows carry no time,
    // the last position at each time a trim was asked for (rows up to it were written by then).
    private long _trimmed;
    private readonly List<(NodaTime.Instant At, long LastPosition)> _marks = [];

    public Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Positions are the list's indexes plus one plus the rows trimmed: the lock orders commits, so the list is in commit order.
            var result = new List<RecordChangeEntry>();
            for (var i = (int)Math.Clamp(afterPosition - _trimmed, 0, _changes.Count); i < _changes.Count && result.Count < maxCount; i++)
            {
                if (recordId is not { } only || _changes[i].RecordId == only)
                {
                    result.Add(_changes[i]);
                }
            }

            return Task.FromResult<IReadOnlyList<RecordChangeEntry>>(result);
        }
    }

    public Task<long> ReadLastPositionAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_trimmed + _changes.Count);
        }
    }

    public IDisposable SubscribeToChanges(Action onCommitted) => _changeSignal.Subscribe(onCommitted);

    /// <summary>
    /// Adds the change to the feed under the store's lock, in the same critical section as the change itself, and wakes
    /// the watchers; they read the feed once the lock is released, so they find the change.
    /// </summary>
    public void AddLocked(RecordChangeKind kind, UpgradeRecordId recordId, long? recordVersion, int newEvents)
    {
        if (kind == RecordChangeKind.TimelineAppended && newEvents == 0)
        {
            return;
        }

        _changes.Add(new RecordChangeEntry(_trimmed + _changes.Count + 1, recordId, kind, recordVersion, newEvents));
        _changeSignal.Notify();
    }

    /// <summary>
    /// Trims the feed's oldest rows written before <paramref name="before"/>, at most <paramref name="maxCount"/>, keeping
    /// the newest row. Rows carry no time: a row is known to be old once a trim asked for at or after it (at
    /// <paramref name="now"/>) lies before <paramref name="before"/>.
    /// </summary>
    public Task<int> TrimAsync(NodaTime.Instant before, NodaTime.Instant now, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var last = _trimmed + _changes.Count;
            if (_marks.Count == 0 || _marks[^1].LastPosition != last)
            {
                _marks.Add((now, last));
            }

            var bound = _marks.Where(m => m.At < before).Select(m => m.LastPosition).DefaultIfEmpty(0).Max();
            var remove = (int)Math.Min(Math.Min(bound, last - 1) - _trimmed, maxCount);
            if (remove <= 0)
            {
                return Task.FromResult(0);
            }

            _changes.RemoveRange(0, remove);
            _trimmed += remove;
            _marks.RemoveAll(m => m.LastPosition <= _trimmed);
            return Task.FromResult(remove);
        }
    }
}
