using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore : IRetentionRunLog
{
    private RelationalRetentionRuns? _retentionRuns;

    private RelationalRetentionRuns RetentionRuns => LazyInitializer.EnsureInitialized(ref _retentionRuns, () => new RelationalRetentionRuns(_db));

    public Task<RetentionRowCounts> CountDependentRowsAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken) =>
        RetentionRuns.CountDependentRowsAsync(ids, cancellationToken);

    public Task AppendRunAsync(RetentionRunEntry run, CancellationToken cancellationToken) => RetentionRuns.AppendRunAsync(run, cancellationToken);

    public Task<IReadOnlyList<RetentionRunEntry>> ReadRunsAsync(int limit, CancellationToken cancellationToken) => RetentionRuns.ReadRunsAsync(limit, cancellationToken);
}
