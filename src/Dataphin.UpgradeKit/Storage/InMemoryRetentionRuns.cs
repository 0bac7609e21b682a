namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The in-memory store's list of retention runs. The in-memory store keeps the notifications and change-feed rows of
/// removed records (change positions are list indexes), so a removal takes none of them.
/// </summary>
internal sealed class InMemoryRetentionRuns
{
    private static readonly RetentionRowCounts None = new() { Notifications = 0, ChangeRows = 0 };

    private readonly Lock _gate = new();
    private readonly List<RetentionRunEntry> _runs = [];

    public static Task<RetentionRowCounts> CountDependentRowsAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(None);
    }

    public Task AppendRunAsync(RetentionRunEntry run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_runs.Exists(r => r.Id == run.Id))
            {
                _runs.Add(run);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RetentionRunEntry>> ReadRunsAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RetentionRunEntry>>([.. _runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(limit)]);
        }
    }
}
