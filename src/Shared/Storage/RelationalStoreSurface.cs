// The public IUpgradeStore surface of each database adapter, written once: every member forwards to the adapter's
// RelationalUpgradeStore (_core). The adapter's project defines which public class this file completes.
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;

#if UPGRADEKIT_SQLITE
namespace Dataphin.UpgradeKit.Sqlite;

public sealed partial class SqliteUpgradeStore
#elif UPGRADEKIT_POSTGRESQL
namespace Dataphin.UpgradeKit.PostgreSql;

public sealed partial class PostgreSqlUpgradeStore
#else
#error Define the adapter this surface belongs to (UPGRADEKIT_SQLITE or UPGRADEKIT_POSTGRESQL) in its project.
#endif
{
    /// <summary>The schema version this package reads and writes.</summary>
    public const int SchemaVersion = 2;

    /// <summary>
    /// Creates the schema in an empty database or brings an older one up to <see cref="SchemaVersion"/>, in one
    /// transaction that no other process applying it at the same time can interleave with. Safe to call at every
    /// start, from several processes at once.
    /// </summary>
    /// <exception cref="SchemaVersionMismatchException">The database's schema is newer than this package.</exception>
    /// <exception cref="UpgradeStoreException">The database cannot be reached or written, or a script fails.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => _core.EnsureSchemaAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        _core.FindAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken = default) =>
        _core.InsertAsync(record, change, cancellationToken);

    /// <inheritdoc />
    public Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default) =>
        _core.UpdateAsync(record, expectedVersion, change, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default) =>
        _core.DeleteAsync(id, expectedVersion, change, cancellationToken);

    /// <inheritdoc />
    public Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change, CancellationToken cancellationToken = default) =>
        _core.InsertOrGetAsync(record, idempotencyKey, change, cancellationToken);

    /// <inheritdoc />
    public Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default) =>
        _core.ListAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) => _core.AppendAsync(entry, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        _core.ReadAsync(recordId, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A plain read, with no lease: processes sharing the database may read the same pending notification. Delivery
    /// goes through <see cref="ClaimAsync"/>, which never hands one notification to two dispatchers while its lease
    /// holds (R-DLV-2).
    /// </remarks>
    public Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default) =>
        _core.ReadPendingAsync(maxCount, cancellationToken);

    /// <inheritdoc />
    public Task MarkDeliveredAsync(Guid notificationId, CancellationToken cancellationToken = default) =>
        _core.MarkDeliveredAsync(notificationId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(Guid leaseToken, int maxCount, NodaTime.Instant now, NodaTime.Instant leaseUntil,
        CancellationToken cancellationToken = default) => _core.ClaimAsync(leaseToken, maxCount, now, leaseUntil, cancellationToken);

    /// <inheritdoc />
    public Task<int> CompleteAsync(IReadOnlyCollection<Guid> notificationIds, Guid leaseToken, NodaTime.Instant deliveredAt,
        CancellationToken cancellationToken = default) => _core.CompleteAsync(notificationIds, leaseToken, deliveredAt, cancellationToken);

    /// <inheritdoc />
    public Task<bool> FailAsync(Guid notificationId, Guid leaseToken, string lastError, NodaTime.Instant? retryAt, NodaTime.Instant now,
        CancellationToken cancellationToken = default) => _core.FailAsync(notificationId, leaseToken, lastError, retryAt, now, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) =>
        _core.ReadDeadLettersAsync(maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<int> CountDeadLettersAsync(CancellationToken cancellationToken = default) => _core.CountDeadLettersAsync(cancellationToken);

    /// <inheritdoc />
    public Task<int> RedriveAsync(Guid? notificationId, NodaTime.Instant now, CancellationToken cancellationToken = default) =>
        _core.RedriveAsync(notificationId, now, cancellationToken);

    /// <inheritdoc />
    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default) =>
        _core.AppendEventsAsync(recordId, events, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        _core.ReadEventsAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineSubjectSummary>> ReadSummariesAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        _core.ReadSummariesAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId = null,
        CancellationToken cancellationToken = default) =>
        _core.ReadChangesAsync(afterPosition, maxCount, recordId, cancellationToken);

    /// <inheritdoc />
    public Task<long> ReadLastPositionAsync(CancellationToken cancellationToken = default) => _core.ReadLastPositionAsync(cancellationToken);

    /// <inheritdoc />
    public IDisposable SubscribeToChanges(Action onCommitted) => SubscribeToCommittedChanges(onCommitted);
}
