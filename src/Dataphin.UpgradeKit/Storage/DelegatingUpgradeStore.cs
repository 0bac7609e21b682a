using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// A store that passes every call to an inner <see cref="IUpgradeStore"/>, as <c>DelegatingHandler</c> does for HTTP
/// handlers: derive from it and override only the members a decorator or an adapter changes. Every member is
/// virtual and, unless overridden, calls the same member of <see cref="InnerStore"/> with the same arguments, so a
/// decorated call still runs in the inner store's transaction.
/// </summary>
/// <remarks>
/// Disposing it disposes the inner store, when that is disposable; override <see cref="Dispose(bool)"/> and
/// <see cref="DisposeAsyncCore"/> to release what a derived class holds. Thread-safe when the inner store is and the
/// overrides are.
/// </remarks>
public abstract partial class DelegatingUpgradeStore : IUpgradeStore, IDisposable, IAsyncDisposable
{
    /// <summary>Creates a store that passes its calls to <paramref name="innerStore"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="innerStore"/> is null.</exception>
    protected DelegatingUpgradeStore(IUpgradeStore innerStore) => InnerStore = Guard.NotNull(innerStore);

    /// <summary>The store the calls go to.</summary>
    protected IUpgradeStore InnerStore { get; }

    /// <inheritdoc />
    public virtual ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        InnerStore.FindAsync(id, cancellationToken);

    /// <inheritdoc />
    public virtual Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken = default) =>
        InnerStore.InsertAsync(record, change, cancellationToken);

    /// <inheritdoc />
    public virtual Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default) =>
        InnerStore.UpdateAsync(record, expectedVersion, change, cancellationToken);

    /// <inheritdoc />
    public virtual Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default) =>
        InnerStore.DeleteAsync(id, expectedVersion, change, cancellationToken);

    /// <inheritdoc />
    public virtual Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default) =>
        InnerStore.ListAsync(query, cancellationToken);

    /// <inheritdoc />
    public virtual Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change,
        CancellationToken cancellationToken = default) =>
        InnerStore.InsertOrGetAsync(record, idempotencyKey, change, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ConfigurationFile?> ReadConfigurationAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        InnerStore.ReadConfigurationAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public virtual Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) => InnerStore.AppendAsync(entry, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        InnerStore.ReadAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default) =>
        InnerStore.ReadPendingAsync(maxCount, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(Guid leaseToken, int maxCount, Instant now, Instant leaseUntil,
        CancellationToken cancellationToken = default) =>
        InnerStore.ClaimAsync(leaseToken, maxCount, now, leaseUntil, cancellationToken);

    /// <inheritdoc />
    public virtual Task<int> CompleteAsync(IReadOnlyCollection<Guid> notificationIds, Guid leaseToken, Instant deliveredAt,
        CancellationToken cancellationToken = default) =>
        InnerStore.CompleteAsync(notificationIds, leaseToken, deliveredAt, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> FailAsync(Guid notificationId, Guid leaseToken, string lastError, Instant? retryAt, Instant now,
        CancellationToken cancellationToken = default) =>
        InnerStore.FailAsync(notificationId, leaseToken, lastError, retryAt, now, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) =>
        InnerStore.ReadDeadLettersAsync(maxCount, cancellationToken);

    /// <inheritdoc />
    public virtual Task<int> CountDeadLettersAsync(CancellationToken cancellationToken = default) => InnerStore.CountDeadLettersAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<int> RedriveAsync(Guid? notificationId, Instant now, CancellationToken cancellationToken = default) =>
        InnerStore.RedriveAsync(notificationId, now, cancellationToken);

    /// <inheritdoc />
    public virtual Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events,
        CancellationToken cancellationToken = default) =>
        InnerStore.AppendEventsAsync(recordId, events, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        InnerStore.ReadEventsAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TimelineSubjectSummary>> ReadSummariesAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        InnerStore.ReadSummariesAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId = null,
        CancellationToken cancellationToken = default) =>
        InnerStore.ReadChangesAsync(afterPosition, maxCount, recordId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> ReadLastPositionAsync(CancellationToken cancellationToken = default) => InnerStore.ReadLastPositionAsync(cancellationToken);

    /// <inheritdoc />
    public virtual IDisposable SubscribeToChanges(Action onCommitted) => InnerStore.SubscribeToChanges(onCommitted);

    /// <summary>Releases the store: by default, disposes the inner store when it is disposable.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the store asynchronously: by default, disposes the inner store when it is disposable.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the inner store when it is disposable; a derived class releases what it holds, then calls this.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        if (InnerStore is IDisposable disposable)
        {
            disposable.Dispose();
        }
        else if (InnerStore is IAsyncDisposable asyncDisposable)
        {
            asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Disposes the inner store asynchronously when it is disposable; a derived class releases what it holds, then calls this.</summary>
    protected virtual ValueTask DisposeAsyncCore()
    {
        if (InnerStore is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (InnerStore as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
