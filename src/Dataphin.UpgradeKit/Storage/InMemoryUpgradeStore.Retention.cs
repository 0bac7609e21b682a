namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore
{
    private readonly int? _maxFinishedRecords;

    /// <summary>Creates an empty store that keeps at most <see cref="InMemoryUpgradeStoreOptions.MaxFinishedRecords"/> finished records.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public InMemoryUpgradeStore(InMemoryUpgradeStoreOptions options)
        : this(Validated(options).MaxFinishedRecords)
    {
    }

    /// <summary>Creates an empty store that keeps everything (about 2.6 KB per upgrade lifecycle, never released).</summary>
    public InMemoryUpgradeStore()
        : this(maxFinishedRecords: null)
    {
    }

    private InMemoryUpgradeStore(int? maxFinishedRecords)
    {
        _maxFinishedRecords = maxFinishedRecords;
        _changeFeed = new InMemoryChangeFeed(_gate);
        _timeline = new InMemoryTimeline(_gate, _changeFeed);
        _outbox = new InMemoryOutbox(_gate);
    }

    private static InMemoryUpgradeStoreOptions Validated(InMemoryUpgradeStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>
    /// Issue 17 item 6: past the bound, forgets the oldest finished records (and audit trails of removed ones) down to
    /// nine tenths of it, so the scan runs once per tenth of the bound. Called under the lock, after a change.
    /// </summary>
    private void EnforceRetention()
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
        foreach (var id in forget)
        {
            _records.Remove(id);
            _configurations.Remove(id);
            _audit.Remove(id);
            _timeline.ForgetLocked(id);
        }

        foreach (var key in _idempotencyKeys.Where(k => forget.Contains(k.Value)).Select(k => k.Key).ToList())
        {
            _idempotencyKeys.Remove(key);
        }
    }
}
