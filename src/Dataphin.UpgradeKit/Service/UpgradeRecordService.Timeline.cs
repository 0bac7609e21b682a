using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Service;

public sealed partial class UpgradeRecordService
{
    /// <summary>
    /// The host reports raw progress events for the detailed timeline (SPEC §5). They go to the record's event stream,
    /// never into the record itself: no version changes, so a report never conflicts with an operator's action, and
    /// any number of reporters may report at once without losing an event (R-TIME-9). An event already stored is
    /// skipped, so retrying a report is safe.
    /// </summary>
    /// <remarks>
    /// <para>Events are accepted while the record is Upgrading or Verifying and also after it reached a terminal status
    /// other than Canceled (Succeeded, Failed, Stopped, force-stopped): reporters racing with a stop or a completion
    /// still have their events kept for the log. They never change the status.</para>
    /// <para>An end earlier than the earliest start known for the same subject — in the stored stream or in the same
    /// batch — is refused (R-TIME-2), and then nothing of the batch is stored. A finish without any start is accepted
    /// (a skipped data-update task is typically reported so). The check reads the stream before appending: two
    /// reporters contradicting each other at the same instant can both pass, and the aggregation then ignores the
    /// inconsistent end (see <see cref="TimelineAggregator"/>).</para>
    /// </remarks>
    /// <returns>How many of the events were new.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or one of them is null.</exception>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="TimelineNotApplicableException">The record is a zero-downtime upgrade (R-TIME-6), or it never started (Configuring, Canceled).</exception>
    /// <exception cref="ImpossibleTimeException">An end is earlier than its subject's start (R-TIME-2).</exception>
    public async Task<int> ReportTimelineEventsAsync(UpgradeRecordId id, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        Guard.NotNull(events);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
        }

        var record = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new UpgradeRecordNotFoundException(id);
        if (record.Mode == UpgradeMode.ZeroDowntime || record.Status is UpgradeStatus.Configuring or UpgradeStatus.Canceled)
        {
            Log.TimelineReportRefused(_logger, id, record.Mode, record.Status, events.Count);
            throw new TimelineNotApplicableException(id, record.Mode, record.Status);
        }

        if (events.Count == 0)
        {
            return 0;
        }

        var stored = await _store.ReadEventsAsync(id, cancellationToken).ConfigureAwait(false);
        if (FindImpossibleEnd(stored, events) is { } impossible)
        {
            Log.TimelineEndBeforeStart(_logger, id, impossible.What, impossible.Start, impossible.End);
            throw new ImpossibleTimeException(id, impossible.What, impossible.Start, impossible.End);
        }

        var added = await _store.AppendEventsAsync(id, events, cancellationToken).ConfigureAwait(false);
        Log.TimelineEventsAppended(_logger, id, events.Count, added, record.Status);
        return added;
    }

    /// <summary>
    /// The detailed timeline of a record (SPEC §5): its five nodes aggregated from every event the host reported, in
    /// any order (R-TIME-3..8), without going to the store. A record that never started has every node not started.
    /// Reads only; nothing is audited (<see cref="ViewLogAsync"/> is the operator's audited view).
    /// </summary>
    /// <returns>The timeline, or null for a zero-downtime upgrade, which has none (R-TIME-6), as its View Log panel shows.</returns>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    public async Task<UpgradeTimeline?> GetTimelineAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record.Mode == UpgradeMode.ZeroDowntime)
        {
            return null;
        }

        var events = await _store.ReadEventsAsync(id, cancellationToken).ConfigureAwait(false);
        return TimelineAggregator.Aggregate(events);
    }

    /// <summary>
    /// The first end the batch would make earlier than its subject's earliest start (R-TIME-2), ignoring
    /// inconsistencies the stream already had, so an old race cannot block every later report.
    /// </summary>
    private static (string What, Instant Start, Instant End)? FindImpossibleEnd(IReadOnlyList<TimelineEvent> stored, IReadOnlyCollection<TimelineEvent> batch)
    {
        var spans = new Dictionary<(TimelineNodeKind, string), SubjectSpans>();
        foreach (var e in batch)
        {
            var (node, isStart) = TimelineAggregator.Classify(e.Kind);
            var key = (node, e.Subject);
            var s = spans.GetValueOrDefault(key);
            spans[key] = isStart ? s with { BatchStart = Min(s.BatchStart, e.At) } : s with { BatchEnd = Min(s.BatchEnd, e.At) };
        }

        foreach (var e in stored)
        {
            var (node, isStart) = TimelineAggregator.Classify(e.Kind);
            var key = (node, e.Subject);
            if (spans.TryGetValue(key, out var s))
            {
                spans[key] = isStart ? s with { StoredStart = Min(s.StoredStart, e.At) } : s with { StoredEnd = Min(s.StoredEnd, e.At) };
            }
        }

        foreach (var ((node, subject), s) in spans)
        {
            if (Min(s.StoredStart, s.BatchStart) is not { } start)
            {
                continue;
            }

            var alreadyInconsistent = s.StoredStart is { } storedStart && s.StoredEnd < storedStart;
            var end = s.BatchEnd < start ? s.BatchEnd : !alreadyInconsistent && s.StoredEnd < start ? s.StoredEnd : null;
            if (end is { } e)
            {
                return ($"{node} of '{subject}'", start, e);
            }
        }

        return null;
    }

    private static Instant? Min(Instant? a, Instant? b) => a is { } x && b is { } y ? Instant.Min(x, y) : a ?? b;

    /// <summary>The earliest start and earliest end of one subject, in the stored stream and in the batch.</summary>
    private readonly record struct SubjectSpans(Instant? StoredStart, Instant? StoredEnd, Instant? BatchStart, Instant? BatchEnd);
}
