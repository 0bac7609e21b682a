using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore
{
    private readonly Dictionary<UpgradeRecordId, (List<TimelineEvent> Events, HashSet<string> Keys)> _timeline = [];

    /// <inheritdoc />
    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        var keyed = events.Select(e => (Event: e ?? throw new ArgumentException("An event is null.", nameof(events)), e.Key)).ToList();
        lock (_gate)
        {
            if (!_timeline.TryGetValue(recordId, out var stream))
            {
                _timeline[recordId] = stream = ([], new HashSet<string>(StringComparer.Ordinal));
            }

            var added = 0;
            foreach (var (e, key) in keyed)
            {
                if (stream.Keys.Add(key))
                {
                    stream.Events.Add(e);
                    added++;
                }
            }

            AddChangeLocked(RecordChangeKind.TimelineAppended, recordId, null, added);
            return Task.FromResult(added);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<TimelineEvent> events = _timeline.TryGetValue(recordId, out var stream) ? [.. stream.Events] : [];
            return Task.FromResult(events);
        }
    }
}
