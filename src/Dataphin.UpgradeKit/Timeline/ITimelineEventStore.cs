namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// The per-record, append-only stream of timeline events. Appends never conflict with record changes or with each
/// other: several reporters may append at once and no event is lost; an event already stored (same
/// <see cref="TimelineEvent.Key"/>) is not stored again (R-TIME-9). Implementations are thread-safe.
/// </summary>
public interface ITimelineEventStore
{
    /// <summary>Appends <paramref name="events"/> to the record's stream, skipping those already stored.</summary>
    /// <returns>How many events were new.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written; none of the events was stored.</exception>
    Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Every event of the record's stream, in the order they were first stored.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default);
}
