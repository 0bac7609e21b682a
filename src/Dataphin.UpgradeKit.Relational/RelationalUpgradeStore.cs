using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The <see cref="IUpgradeStore"/> of every relational database: one transaction per change holding the record
/// (compare-and-set on its version), its configuration file, its audit entry, its outbox notifications and its change
/// row (R-SM-7, R-HOST-1). The jobs beside the records live in their own types, over one <see cref="RelationalDatabase"/>:
/// the change feed (<see cref="RelationalChangeFeed"/>), the timeline (<see cref="RelationalTimeline"/>) and the
/// outbox and its deliveries (<see cref="RelationalOutbox"/>). Thread-safe: it keeps no connection between calls.
/// </summary>
internal sealed partial class RelationalUpgradeStore : IUpgradeStore
{
    private readonly RelationalDatabase _db;
    private readonly RelationalStoreLog _log;
    private readonly RelationalChangeFeed _changeFeed;
    private readonly RelationalTimeline _timeline;
    private readonly RelationalOutbox _outbox;
    private readonly RelationalRecords _records;
    private readonly RelationalHistory _history;
    private readonly RelationalRetention _retention;
    private readonly RelationalAuditRetention _auditRetention;
    private readonly RelationalEstimates _estimates;

    /// <param name="dialect">The database's dialect.</param>
    /// <param name="schemaVersion">The schema version the adapter reads and writes (its public <c>SchemaVersion</c>).</param>
    /// <param name="ensureSchemaOnFirstUse">True to migrate before the first call, false to only check the version.</param>
    /// <param name="clock">The store's clock (the callers stamp deliveries themselves).</param>
    /// <param name="logger">Where the log lines go.</param>
    /// <param name="owner">The public store's type, named by <see cref="ObjectDisposedException"/>.</param>
    public RelationalUpgradeStore(RelationalDialect dialect, int schemaVersion, bool ensureSchemaOnFirstUse, IClock clock, ILogger logger, Type owner)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _db = new RelationalDatabase(dialect, schemaVersion, ensureSchemaOnFirstUse, logger, owner);
        _log = _db.Log;
        _changeFeed = new RelationalChangeFeed(_db, clock);
        _timeline = new RelationalTimeline(_db, _changeFeed);
        _outbox = new RelationalOutbox(_db);
        _records = new RelationalRecords(_db, _changeFeed, _outbox);
        _history = new RelationalHistory(_db);
        _retention = new RelationalRetention(_db, _changeFeed);
        _auditRetention = new RelationalAuditRetention(_db);
        _estimates = new RelationalEstimates(_db);
    }

    public int SchemaVersion => _db.SchemaVersion;

    public bool EnsureSchemaOnFirstUse => _db.EnsureSchemaOnFirstUse;

    /// <summary>Wakes this process's watchers after a commit that added a change (R-LIVE-1).</summary>
    public RecordChangeSignal Changes => _db.Changes;

    /// <summary>The store's log lines, for the adapter's change listener.</summary>
    public RelationalStoreLog Log => _log;

    /// <summary>From now on every call throws <see cref="ObjectDisposedException"/>.</summary>
    public void MarkDisposed() => _db.MarkDisposed();

    /// <summary>
    /// Creates the schema in an empty database or applies the scripts it lacks, in one transaction serialised
    /// against other processes doing the same. Safe to call at every start.
    /// </summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => _db.EnsureSchemaAsync(cancellationToken);

    public ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken) => _records.FindAsync(id, cancellationToken);

    public ValueTask<ConfigurationFile?> ReadConfigurationAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        _records.ReadConfigurationAsync(recordId, cancellationToken);

    public Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken) =>
        _records.InsertAsync(record, change, cancellationToken);

    public Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change, CancellationToken cancellationToken) =>
        _records.InsertOrGetAsync(record, idempotencyKey, change, cancellationToken);

    public Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken) =>
        _records.UpdateAsync(record, expectedVersion, change, cancellationToken);

    public Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken) =>
        _records.DeleteAsync(id, expectedVersion, change, cancellationToken);

    public Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken) => _records.ListAsync(query, cancellationToken);

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) => _records.AppendAsync(entry, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) => _records.ReadAsync(recordId, cancellationToken);

    // Changes committed through this process; an adapter whose database notifies other processes' commits overrides it.
    public IDisposable SubscribeToChanges(Action onCommitted) => Changes.Subscribe(onCommitted);

    public Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId,
        CancellationToken cancellationToken) => _changeFeed.ReadChangesAsync(afterPosition, maxCount, recordId, cancellationToken);

    public Task<long> ReadLastPositionAsync(CancellationToken cancellationToken) => _changeFeed.ReadLastPositionAsync(cancellationToken);

    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken) =>
        _timeline.AppendEventsAsync(recordId, events, cancellationToken);

    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        _timeline.ReadEventsAsync(recordId, cancellationToken);

    public Task<IReadOnlyList<TimelineSubjectSummary>> ReadSummariesAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        _timeline.ReadSummariesAsync(recordId, cancellationToken);

    public Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken) =>
        _outbox.ReadPendingAsync(maxCount, cancellationToken);

    public Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(Guid leaseToken, int maxCount, Instant now, Instant leaseUntil,
        CancellationToken cancellationToken) => _outbox.ClaimAsync(leaseToken, maxCount, now, leaseUntil, cancellationToken);

    public Task<int> CompleteAsync(IReadOnlyCollection<Guid> notificationIds, Guid leaseToken, Instant deliveredAt, CancellationToken cancellationToken) =>
        _outbox.CompleteAsync(notificationIds, leaseToken, deliveredAt, cancellationToken);

    public Task<bool> FailAsync(Guid notificationId, Guid leaseToken, string lastError, Instant? retryAt, Instant now, CancellationToken cancellationToken) =>
        _outbox.FailAsync(notificationId, leaseToken, lastError, retryAt, now, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken) =>
        _outbox.ReadDeadLettersAsync(maxCount, cancellationToken);

    public Task<int> CountDeadLettersAsync(CancellationToken cancellationToken) => _outbox.CountDeadLettersAsync(cancellationToken);

    public Task<int> RedriveAsync(Guid? notificationId, Instant now, CancellationToken cancellationToken) =>
        _outbox.RedriveAsync(notificationId, now, cancellationToken);
}
