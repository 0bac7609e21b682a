namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore
{
    /// <inheritdoc />
    public Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change, CancellationToken cancellationToken = default) =>
        _records.InsertOrGetAsync(record, idempotencyKey, change, cancellationToken);
}
