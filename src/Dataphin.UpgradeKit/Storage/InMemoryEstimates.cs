using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>The comparable upgrades of the in-memory store's estimates, under the store's lock.</summary>
internal sealed class InMemoryEstimates(Lock gate)
{
    private readonly Lock _gate = gate;

    // Per mode, sorted by finish (then id) so the most recent are at the end; a record is kept once.
    private readonly Dictionary<UpgradeMode, List<ComparableUpgrade>> _comparables = [];
    private readonly HashSet<UpgradeRecordId> _comparableIds = [];

    public Task<IReadOnlyList<ComparableUpgrade>> ReadComparablesAsync(UpgradeMode mode, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_comparables.TryGetValue(mode, out var list))
            {
                return Task.FromResult<IReadOnlyList<ComparableUpgrade>>([]);
            }

            var take = Math.Min(limit, list.Count);
            var result = new ComparableUpgrade[take];
            for (var i = 0; i < take; i++)
            {
                result[i] = list[list.Count - 1 - i];
            }

            return Task.FromResult<IReadOnlyList<ComparableUpgrade>>(result);
        }
    }

    public Task SaveComparablesAsync(IReadOnlyCollection<ComparableUpgrade> comparables, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(comparables);
        foreach (var c in comparables)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(comparables));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            foreach (var c in comparables)
            {
                if (!_comparableIds.Add(c.RecordId))
                {
                    continue;
                }

                if (!_comparables.TryGetValue(c.Mode, out var list))
                {
                    _comparables[c.Mode] = list = [];
                }

                var at = list.FindLastIndex(x => x.FinishedAt <= c.FinishedAt) + 1;
                list.Insert(at, c);
            }
        }

        return Task.CompletedTask;
    }

    public Task<Instant?> LatestComparableFinishAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Instant? latest = null;
            foreach (var list in _comparables.Values)
            {
                if (list.Count > 0 && (latest is null || list[^1].FinishedAt > latest))
                {
                    latest = list[^1].FinishedAt;
                }
            }

            return Task.FromResult(latest);
        }
    }
}
