using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>The timeline of the in-memory store: events and subject summaries per record, under the store's lock.</summary>
internal sealed class InMemoryTimeline(Lock gate, InMemoryChangeFeed changes)
{
    private readonly Lock _gate = gate;
    private readonly InMemoryChangeFeed _changes = changes;
    private readonly Dictionary<UpgradeRecordId, TimelineStream> _timeline = [];

    /// <remarks>Checks and merges the batch's subjects under the store's lock: the cost is the batch's, not the stream's (R-TIME-11).</remarks>
    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        var keyed = events.Select(e => (Event: e ?? throw new ArgumentException("An event is null.", nameof(events)), e.Key)).ToList();
        keyed.ForEach(k => k.Event.ThrowIfIncomplete(nameof(events)));
        var batch = TimelineSubjectSummary.Summarize(keyed.Select(k => k.Event));
        lock (_gate)
        {
            if (!_timeline.TryGetValue(recordId, out var stream))
            {
                _timeline[recordId] = stream = new TimelineStream();
            }

            // Every subject is checked before anything is stored: a refused batch leaves no trace (R-TIME-2).
            foreach (var summary in batch)
            {
                TimelineSubjectSummary.ThrowIfEndBeforeStart(recordId, stream.Summaries.GetValueOrDefault((summary.Node, summary.Subject)), summary);
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

            foreach (var summary in batch)
            {
                var subject = (summary.Node, summary.Subject);
                stream.Summaries[subject] = stream.Summaries.TryGetValue(subject, out var stored) ? stored.Merge(summary) : summary;
            }

            _changes.AddLocked(RecordChangeKind.TimelineAppended, recordId, null, added);
            return Task.FromResult(added);
        }
    }

    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<TimelineEvent> events = _timeline.TryGetValue(recordId, out var stream) ? [.. stream.Events] : [];
            return Task.FromResult(events);
        }
    }

    public Task<IReadOnlyList<TimelineSubjectSummary>> ReadSummariesAsync(UpgradeRecordId recordId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<TimelineSubjectSummary> summaries = _timeline.TryGetValue(recordId, out var stream) ? [.. stream.Summaries.Values] : [];
            return Task.FromResult(summaries);
        }
    }

    /// <summary>Forgets a record's timeline; the caller holds the lock.</summary>
    public void ForgetLocked(UpgradeRecordId recordId) => _timeline.Remove(recordId);

    /// <summary>One record's events, their keys and the summary of each of their subjects.</summary>
    private sealed class TimelineStream
    {
        public List<TimelineEvent> Events { get; } = [];

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public Dictionary<(TimelineNodeKind, string), TimelineSubjectSummary> Summaries { get; } = [];
    }
}
