namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// The per-record, append-only stream of timeline events and the per-subject summaries kept with it. Appends never
/// conflict with record changes or with each other: several reporters may append at once and no event is lost; an
/// event already stored (same <see cref="TimelineEvent.Key"/>) is not stored again. Implementations are
/// thread-safe.
/// </summary>
/// <remarks>
/// An append costs what its batch costs, whatever the stream holds: the store updates the
/// <see cref="TimelineSubjectSummary"/> of each subject of the batch in the append's own transaction and makes the
/// end-before-start check (<see cref="TimelineSubjectSummary.ThrowIfEndBeforeStart"/>) against the stored
/// summary under the same lock, so of two contradicting reports appended at once exactly one is stored.
/// </remarks>
public interface ITimelineEventStore
{
    /// <summary>
    /// Appends <paramref name="events"/> to the record's stream, skipping those already stored, and merges them into
    /// the summaries of their subjects, in one transaction.
    /// </summary>
    /// <returns>How many events were new.</returns>
    /// <exception cref="ImpossibleTimeException">An end of the batch would be earlier than its subject's start, stored or in the batch; none of the events was stored.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be written; none of the events was stored.</exception>
    Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Every event of the record's stream, in the order they were first stored.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The summary of each subject of the record's stream, in no particular order: what
    /// <see cref="TimelineSubjectSummary.Summarize"/> of <see cref="ReadEventsAsync"/> would give, read at the cost of
    /// the subjects, not of the events.
    /// </summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<TimelineSubjectSummary>> ReadSummariesAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default);
}
