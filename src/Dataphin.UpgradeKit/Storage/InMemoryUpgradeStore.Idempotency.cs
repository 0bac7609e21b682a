namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore
{
    private readonly Dictionary<string, UpgradeRecordId> _idempotencyKeys = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // A key whose record was removed (R-REC-2) no longer names one: the creation runs again.
            if (_idempotencyKeys.TryGetValue(idempotencyKey, out var existing) && _records.TryGetValue(existing, out var stored))
            {
                return Task.FromResult(stored);
            }

            if (!_records.TryAdd(record.Id, record))
            {
                throw new ConcurrencyConflictException(record.Id, 0, _records[record.Id].Version);
            }

            _idempotencyKeys[idempotencyKey] = record.Id;
            KeepConfiguration(record, change);
            Commit(change);
            _changeFeed.AddLocked(RecordChangeKind.Created, record.Id, record.Version, 0);
        }

        return Task.FromResult(record);
    }
}
