namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore : IRetentionRunLog
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionRunLog"/>.</exception>
    public virtual Task<RetentionRowCounts> CountDependentRowsAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default) =>
        RetentionRunLog.CountDependentRowsAsync(ids, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionRunLog"/>.</exception>
    public virtual Task AppendRunAsync(RetentionRunEntry run, CancellationToken cancellationToken = default) =>
        RetentionRunLog.AppendRunAsync(run, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The inner store does not implement <see cref="IRetentionRunLog"/>.</exception>
    public virtual Task<IReadOnlyList<RetentionRunEntry>> ReadRunsAsync(int limit, CancellationToken cancellationToken = default) =>
        RetentionRunLog.ReadRunsAsync(limit, cancellationToken);

    private IRetentionRunLog RetentionRunLog => InnerStore as IRetentionRunLog
        ?? throw new NotSupportedException($"The store {InnerStore.GetType().Name} keeps no retention runs.");
}
