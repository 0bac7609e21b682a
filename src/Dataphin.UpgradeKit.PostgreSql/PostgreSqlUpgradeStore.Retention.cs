using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.PostgreSql;

// Retention reads a whole batch in a few statements from the relational store inside (not four reads per record through
// the public reads, which this store passes on unchanged).
public sealed partial class PostgreSqlUpgradeStore : IRetentionBatchReader
{
    Task<IReadOnlyList<ArchivedRecord>> IRetentionBatchReader.ReadForArchiveAsync(IReadOnlyList<RetentionCandidate> candidates, bool configurations,
        CancellationToken cancellationToken) =>
        ((IRetentionBatchReader)InnerStore).ReadForArchiveAsync(candidates, configurations, cancellationToken);

    Task<IReadOnlyCollection<UpgradeRecordId>> IRetentionBatchReader.FindExistingAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken) =>
        ((IRetentionBatchReader)InnerStore).FindExistingAsync(ids, cancellationToken);
}
