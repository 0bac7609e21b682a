namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore
{
    private readonly InMemoryHistory _history;
    private readonly InMemoryRetention _retention;
    private readonly InMemoryAuditRetention _auditRetention;
    private readonly InMemoryEstimates _estimates;

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
        _changeFeed = new InMemoryChangeFeed(_gate);
        _timeline = new InMemoryTimeline(_gate, _changeFeed);
        _outbox = new InMemoryOutbox(_gate);
        _records = new InMemoryRecords(_gate, _changeFeed, _timeline, _outbox, EnforceRetention);
        _history = new InMemoryHistory(_gate, _records.Records, _records.AuditTrails, _records.AuditTrimmed);
        _retention = new InMemoryRetention(_gate, _records.Records, _records.AuditTrails, _changeFeed, _outbox, maxFinishedRecords, _records.ForgetLocked);
        _auditRetention = new InMemoryAuditRetention(_gate, _records.Records, _records.AuditTrails, _records.AuditTrimmed, _outbox, _retention.IsPinnedLocked);
        _estimates = new InMemoryEstimates(_gate);
    }

    private static InMemoryUpgradeStoreOptions Validated(InMemoryUpgradeStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    // Past the bound of finished records, forgets the oldest; called under the lock, after a change.
    private void EnforceRetention() => _retention.EnforceLocked();
}
