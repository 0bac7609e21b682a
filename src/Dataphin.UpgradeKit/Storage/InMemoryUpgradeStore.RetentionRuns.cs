namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore : IRetentionRunLog
{
    private readonly InMemoryRetentionRuns _retentionRuns = new();

    /// <inheritdoc />
    public Task<RetentionRowCounts> CountDependentRowsAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default) =>
        InMemoryRetentionRuns.CountDependentRowsAsync(ids, cancellationToken);

    /// <inheritdoc />
    public Task AppendRunAsync(RetentionRunEntry run, CancellationToken cancellationToken = default) => _retentionRuns.AppendRunAsync(run, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RetentionRunEntry>> ReadRunsAsync(int limit, CancellationToken cancellationToken = default) =>
        _retentionRuns.ReadRunsAsync(limit, cancellationToken);
}
