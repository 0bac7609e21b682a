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
    /// (a skipped data-update task is typically reported so). The store makes the check against the subject's summary in
    /// the transaction that appends the batch: of two reporters contradicting each other at once, exactly one passes.
    /// A report costs what its batch costs, however many events the record already has (R-TIME-11).</para>
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
        if (record.Mode == UpgradeMode.ZeroDowntime || !UpgradeStatusFacts.Of(record.Status).HasTimeline)
        {
            Log.TimelineReportRefused(_logger, id, record.Mode, record.Status, events.Count);
            throw new TimelineNotApplicableException(id, record.Mode, record.Status);
        }

        if (events.Count == 0)
        {
            return 0;
        }

        // The store checks the ends against its per-subject summaries in the append's own transaction, so that two
        // contradicting reporters cannot both pass (R-TIME-2, R-TIME-11).
        int added;
        try
        {
            added = await _store.AppendEventsAsync(id, events, cancellationToken).ConfigureAwait(false);
        }
        catch (ImpossibleTimeException impossible)
        {
            Log.TimelineEndBeforeStart(_logger, id, impossible.What, impossible.Start, impossible.End);
            throw;
        }

        Log.TimelineEventsAppended(_logger, id, events.Count, added, record.Status);
        return added;
    }

    /// <summary>
    /// The detailed timeline of a record (SPEC §5): its five nodes aggregated from every event the host reported, in
    /// any order (R-TIME-3..8), read from the store's per-subject summaries rather than the raw events (R-TIME-11). A record that never started has every node not started.
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

        var summaries = await _store.ReadSummariesAsync(id, cancellationToken).ConfigureAwait(false);
        return TimelineAggregator.FromSummaries(summaries);
    }
}
