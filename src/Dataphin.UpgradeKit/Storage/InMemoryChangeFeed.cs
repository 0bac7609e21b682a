namespace Dataphin.UpgradeKit.Storage;

/// <summary>The change feed of the in-memory store; it shares the store's lock, so a change and its entry are seen together.</summary>
internal sealed class InMemoryChangeFeed(Lock gate)
{
    private readonly Lock _gate = gate;
    private readonly List<RecordChangeEntry> _changes = [];
    private readonly RecordChangeSignal _changeSignal = new();

    public Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Positions are the list's indexes plus one: the lock orders commits, so the list is in commit order.
            var result = new List<RecordChangeEntry>();
            for (var i = (int)Math.Min(afterPosition, _changes.Count); i < _changes.Count && result.Count < maxCount; i++)
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
            return Task.FromResult((long)_changes.Count);
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

        _changes.Add(new RecordChangeEntry(_changes.Count + 1, recordId, kind, recordVersion, newEvents));
        _changeSignal.Notify();
    }
}
