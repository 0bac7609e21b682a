using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The stalls of the in-memory store: the open stall of each record, started with its notification under the store's
/// lock, so the notification is stored with the stall or not at all.
/// </summary>
internal sealed class InMemoryStalls(Lock gate, InMemoryOutbox outbox)
{
    private readonly Lock _gate = gate;
    private readonly InMemoryOutbox _outbox = outbox;
    private readonly Dictionary<UpgradeRecordId, Guid> _open = [];

    public Task<bool> StartStallAsync(UpgradeStalledNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_open.TryAdd(notification.RecordId, notification.Id))
            {
                return Task.FromResult(false);
            }

            _outbox.AddLocked([notification]);
            return Task.FromResult(true);
        }
    }

    public Task<int> EndStallsAsync(IReadOnlyCollection<UpgradeRecordId> recordIds, Instant endedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var ended = 0;
            foreach (var id in recordIds)
            {
                if (_open.Remove(id))
                {
                    ended++;
                }
            }

            return Task.FromResult(ended);
        }
    }

    /// <summary>The summaries of each record, read one record at a time: in memory a read costs no round trip.</summary>
    public static async Task<IReadOnlyDictionary<UpgradeRecordId, IReadOnlyList<Timeline.TimelineSubjectSummary>>> ReadTimelineSummariesAsync(
        IReadOnlyCollection<UpgradeRecordId> recordIds,
        Func<UpgradeRecordId, CancellationToken, Task<IReadOnlyList<Timeline.TimelineSubjectSummary>>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        var summaries = new Dictionary<UpgradeRecordId, IReadOnlyList<Timeline.TimelineSubjectSummary>>();
        foreach (var id in recordIds)
        {
            var of = await read(id, cancellationToken).ConfigureAwait(false);
            if (of.Count > 0)
            {
                summaries[id] = of;
            }
        }

        return summaries;
    }

    public Task<IReadOnlyList<UpgradeRecordId>> ReadOpenStallsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<UpgradeRecordId>>([.. _open.Keys]);
        }
    }
}
