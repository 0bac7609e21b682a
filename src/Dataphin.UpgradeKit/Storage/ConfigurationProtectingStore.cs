using System.Security.Cryptography;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Protection;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// An <see cref="IUpgradeStore"/> that keeps saved configuration files protected at rest in the store it wraps
/// (R-SEC-6): every record it writes carries its configuration's bytes protected by an
/// <see cref="IConfigurationProtector"/>, and every record it reads comes back with them unprotected. Everything else
/// passes through unchanged, in the inner store's transactions. The registration puts it in front of the chosen store
/// when the host registers an <see cref="IConfigurationProtector"/>; a host that builds
/// the feature types itself (<c>UpgradeCommands</c> and the others) wraps its store with it.
/// </summary>
/// <remarks>
/// <para>
/// A store written before protection was enabled stays readable: a configuration without the protected form's
/// marker is returned as it is stored, and is protected the next time its record is written. The file name and the
/// save time stay readable in the store (the list and the log show them); only the bytes are protected.
/// </para>
/// <para>
/// Thread-safe when the inner store and the protector are. Disposing it disposes the inner store.
/// </para>
/// </remarks>
public sealed class ConfigurationProtectingStore : IUpgradeStore, IDisposable, IAsyncDisposable
{
    private readonly IConfigurationProtector _protector;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ConfigurationProtectingStore(IUpgradeStore inner, IConfigurationProtector protector)
    {
        Inner = Guard.NotNull(inner);
        _protector = Guard.NotNull(protector);
    }

    /// <summary>The wrapped store, which holds configurations in their protected form.</summary>
    public IUpgradeStore Inner { get; }

    /// <inheritdoc />
    /// <exception cref="ConfigurationProtectionException">The record's stored configuration cannot be unprotected.</exception>
    public async ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        var record = await Inner.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return record is null ? null : Open(record);
    }

    /// <inheritdoc />
    /// <exception cref="CryptographicException">The protector cannot protect the configuration; nothing was written.</exception>
    public Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken = default) =>
        Inner.InsertAsync(Seal(Guard.NotNull(record)), change, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="CryptographicException">The protector cannot protect the configuration; nothing was written.</exception>
    public Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default) =>
        Inner.UpdateAsync(Seal(Guard.NotNull(record)), expectedVersion, change, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default) =>
        Inner.DeleteAsync(id, expectedVersion, change, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ConfigurationProtectionException">A listed record's stored configuration cannot be unprotected.</exception>
    public async Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default)
    {
        var page = await Inner.ListAsync(query, cancellationToken).ConfigureAwait(false);
        return page with { Items = [.. page.Items.Select(Open)] };
    }

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) => Inner.AppendAsync(entry, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        Inner.ReadAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default) =>
        Inner.ReadPendingAsync(maxCount, cancellationToken);

    /// <inheritdoc />
    public Task MarkDeliveredAsync(Guid notificationId, CancellationToken cancellationToken = default) =>
        Inner.MarkDeliveredAsync(notificationId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(Guid leaseToken, int maxCount, NodaTime.Instant now, NodaTime.Instant leaseUntil,
        CancellationToken cancellationToken = default) => Inner.ClaimAsync(leaseToken, maxCount, now, leaseUntil, cancellationToken);

    /// <inheritdoc />
    public Task<int> CompleteAsync(IReadOnlyCollection<Guid> notificationIds, Guid leaseToken, NodaTime.Instant deliveredAt,
        CancellationToken cancellationToken = default) => Inner.CompleteAsync(notificationIds, leaseToken, deliveredAt, cancellationToken);

    /// <inheritdoc />
    public Task<bool> FailAsync(Guid notificationId, Guid leaseToken, string lastError, NodaTime.Instant? retryAt, NodaTime.Instant now,
        CancellationToken cancellationToken = default) => Inner.FailAsync(notificationId, leaseToken, lastError, retryAt, now, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) =>
        Inner.ReadDeadLettersAsync(maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<int> CountDeadLettersAsync(CancellationToken cancellationToken = default) => Inner.CountDeadLettersAsync(cancellationToken);

    /// <inheritdoc />
    public Task<int> RedriveAsync(Guid? notificationId, NodaTime.Instant now, CancellationToken cancellationToken = default) =>
        Inner.RedriveAsync(notificationId, now, cancellationToken);

    /// <inheritdoc />
    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default) =>
        Inner.AppendEventsAsync(recordId, events, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        Inner.ReadEventsAsync(recordId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineSubjectSummary>> ReadSummariesAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        Inner.ReadSummariesAsync(recordId, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="CryptographicException">The protector cannot protect the configuration; nothing was written.</exception>
    /// <exception cref="ConfigurationProtectionException">The earlier record's stored configuration cannot be unprotected.</exception>
    public async Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change,
        CancellationToken cancellationToken = default)
    {
        var sealedRecord = Seal(Guard.NotNull(record));
        var stored = await Inner.InsertOrGetAsync(sealedRecord, idempotencyKey, change, cancellationToken).ConfigureAwait(false);
        return ReferenceEquals(stored, sealedRecord) ? record : Open(stored);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId = null,
        CancellationToken cancellationToken = default) =>
        Inner.ReadChangesAsync(afterPosition, maxCount, recordId, cancellationToken);

    /// <inheritdoc />
    public Task<long> ReadLastPositionAsync(CancellationToken cancellationToken = default) => Inner.ReadLastPositionAsync(cancellationToken);

    /// <inheritdoc />
    public IDisposable SubscribeToChanges(Action onCommitted) => Inner.SubscribeToChanges(onCommitted);

    /// <summary>Disposes the inner store, when it is disposable.</summary>
    public void Dispose()
    {
        if (Inner is IDisposable disposable)
        {
            disposable.Dispose();
        }
        else if (Inner is IAsyncDisposable asyncDisposable)
        {
            asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Disposes the inner store, when it is disposable.</summary>
    public ValueTask DisposeAsync()
    {
        if (Inner is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (Inner as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }

    // The registration's hook: the chosen store, behind protection when the host registered a protector.
    internal static IUpgradeStore Over(IUpgradeStore store, IConfigurationProtector? protector) =>
        protector is null ? store : new ConfigurationProtectingStore(store, protector);

    // The store the host chose, for hosts that resolve it by its own type.
    internal static IUpgradeStore Unwrap(IUpgradeStore store) => store is ConfigurationProtectingStore protecting ? protecting.Inner : store;

    private UpgradeRecord Seal(UpgradeRecord record) => record.Configuration is not { } file
        ? record
        : record with { Configuration = new ConfigurationFile(file.FileName, ProtectedContent.Seal(_protector, file.Content.Span), file.SavedAt) };

    private UpgradeRecord Open(UpgradeRecord record)
    {
        if (record.Configuration is not { } file)
        {
            return record;
        }

        try
        {
            return record with { Configuration = new ConfigurationFile(file.FileName, ProtectedContent.Open(_protector, file.Content), file.SavedAt) };
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationProtectionException(record.Id, ex);
        }
    }
}
