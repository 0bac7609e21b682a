using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// What a store keeps of one subject (a service, a database, a task, DataService Studio) of one node, so that reading
/// a timeline and checking a report cost what the subjects cost, not what the stored events cost: the
/// earliest start, the earliest and the latest end, the outcome of the latest end and the latest details link.
/// <see cref="Merge"/> is commutative, associative and idempotent, so a summary depends only on the set of events it
/// saw, and <see cref="TimelineAggregator.FromSummaries"/> of the summaries of a set
/// of events is <see cref="TimelineAggregator.Aggregate(IEnumerable{TimelineEvent})"/> of the events.
/// </summary>
/// <remarks>
/// A store keeps one summary per record, node and subject, and updates it in the transaction that appends the events
/// (<see cref="ITimelineEventStore.AppendEventsAsync"/>); it makes the end-before-start check there, under the same
/// lock, with <see cref="ThrowIfEndBeforeStart"/>. Immutable and thread-safe.
/// </remarks>
public sealed record TimelineSubjectSummary
{
    /// <summary>The node the subject belongs to.</summary>
    public required TimelineNodeKind Node { get; init; }

    /// <summary>The events' subject.</summary>
    public required string Subject { get; init; }

    /// <summary>The earliest start event, or null when none was seen.</summary>
    public Instant? StartedAt { get; init; }

    /// <summary>The earliest end event, or null when none was seen: the end-before-start check needs it.</summary>
    public Instant? FirstEndedAt { get; init; }

    /// <summary>The latest end event, or null when none was seen.</summary>
    public Instant? EndedAt { get; init; }

    /// <summary>For a data-update task, the highest outcome among the ends at <see cref="EndedAt"/>; null otherwise.</summary>
    public DataUpdateTaskOutcome? Outcome { get; init; }

    /// <summary>The link of the latest event carrying one (ordinal order breaking ties), or null.</summary>
    public string? DetailsLink { get; init; }

    /// <summary>When that event happened, or null without a link.</summary>
    public Instant? DetailsLinkAt { get; init; }

    /// <summary>The summary of one event.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="timelineEvent"/> is null.</exception>
    public static TimelineSubjectSummary Of(TimelineEvent timelineEvent)
    {
        Guard.NotNull(timelineEvent);
        var (node, isStart) = TimelineEventKinds.Classify(timelineEvent.Kind);
        var at = timelineEvent.At;
        return new TimelineSubjectSummary
        {
            Node = node,
            Subject = timelineEvent.Subject,
            StartedAt = isStart ? at : null,
            FirstEndedAt = isStart ? null : at,
            EndedAt = isStart ? null : at,
            Outcome = timelineEvent.Outcome, // a start event has none
            DetailsLink = timelineEvent.DetailsLink,
            DetailsLinkAt = timelineEvent.DetailsLink is null ? null : at,
        };
    }

    /// <summary>
    /// The summaries of <paramref name="events"/>, one per node and subject, in the order each subject first appears.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or one of them is null.</exception>
    public static IReadOnlyList<TimelineSubjectSummary> Summarize(IEnumerable<TimelineEvent> events)
    {
        Guard.NotNull(events);
        var index = new Dictionary<(TimelineNodeKind, string), int>();
        var summaries = new List<TimelineSubjectSummary>();
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            var one = Of(e);
            if (index.TryGetValue((one.Node, one.Subject), out var i))
            {
                summaries[i] = summaries[i].Merge(one);
            }
            else
            {
                index.Add((one.Node, one.Subject), summaries.Count);
                summaries.Add(one);
            }
        }

        return summaries;
    }

    /// <summary>
    /// The summary of the events of this summary and of <paramref name="other"/> together, folded as
    /// <see cref="TimelineAggregator"/> folds a subject's events: minimum start, minimum and maximum end, the latest
    /// end's outcome (equal ends: the higher outcome), the latest link (equal times: the ordinally greater link).
    /// When <paramref name="other"/> adds nothing to this summary, this instance is returned, so a caller can skip
    /// writing it again.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="other"/> summarizes another node or subject.</exception>
    public TimelineSubjectSummary Merge(TimelineSubjectSummary other)
    {
        Guard.NotNull(other);
        if (other.Node != Node || !string.Equals(other.Subject, Subject, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Cannot merge the summary of {other.Node} '{other.Subject}' into that of {Node} '{Subject}'.", nameof(other));
        }

        var (endedAt, outcome) = (EndedAt, other.EndedAt) switch
        {
            (null, _) => (other.EndedAt, other.Outcome),
            (_, null) => (EndedAt, Outcome),
            var (a, b) when a > b => (EndedAt, Outcome),
            var (a, b) when a < b => (other.EndedAt, other.Outcome),
            _ => (EndedAt, Max(Outcome, other.Outcome)),
        };

        var takeOtherLink = other.DetailsLink is not null
            && (DetailsLink is null || other.DetailsLinkAt > DetailsLinkAt
                || (other.DetailsLinkAt == DetailsLinkAt && string.CompareOrdinal(other.DetailsLink, DetailsLink) > 0));
        var merged = new TimelineSubjectSummary
        {
            Node = Node,
            Subject = Subject,
            StartedAt = MinOf(StartedAt, other.StartedAt),
            FirstEndedAt = MinOf(FirstEndedAt, other.FirstEndedAt),
            EndedAt = endedAt,
            Outcome = outcome,
            DetailsLink = takeOtherLink ? other.DetailsLink : DetailsLink,
            DetailsLinkAt = takeOtherLink ? other.DetailsLinkAt : DetailsLinkAt,
        };
        return merged == this ? this : merged;
    }

    /// <summary>
    /// Refuses a batch that would put an end of this subject before its earliest start: an end of the
    /// batch earlier than the earliest start stored or in the batch, or a start of the batch later than an end
    /// already stored. An inconsistency the stored summary already had (a race between reporters before the check was
    /// atomic) does not block later reports. A store calls it for each subject of a batch, under the lock that
    /// serialises appends of that subject, before it stores anything.
    /// </summary>
    /// <param name="recordId">The record, named in the error.</param>
    /// <param name="stored">The stored summary of the subject, or null when none is stored yet.</param>
    /// <param name="batch">The summary of the batch's events of the subject (<see cref="Summarize"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stored"/> summarizes another node or subject.</exception>
    /// <exception cref="ImpossibleTimeException">The batch would end the subject before it started; nothing may be stored.</exception>
    public static void ThrowIfEndBeforeStart(UpgradeRecordId recordId, TimelineSubjectSummary? stored, TimelineSubjectSummary batch)
    {
        Guard.NotNull(batch);
        if (stored is not null && (stored.Node != batch.Node || !string.Equals(stored.Subject, batch.Subject, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The stored summary is of {stored.Node} '{stored.Subject}', the batch's of {batch.Node} '{batch.Subject}'.", nameof(stored));
        }

        if (MinOf(stored?.StartedAt, batch.StartedAt) is not { } start)
        {
            return; // only ends: a skipped task, a lost start report
        }

        var storedEnd = stored?.FirstEndedAt;
        // Stryker disable once Equality : a stored end equal to the stored start is not before any start of the batch either, so '<=' only skips a check that cannot fail
        var alreadyInconsistent = stored?.StartedAt is { } storedStart && storedEnd < storedStart;
        var end = batch.FirstEndedAt < start ? batch.FirstEndedAt : !alreadyInconsistent && storedEnd < start ? storedEnd : null;
        if (end is { } e)
        {
            throw new ImpossibleTimeException(recordId, $"{batch.Node} of '{batch.Subject}'", start, e);
        }
    }

    private static Instant? MinOf(Instant? a, Instant? b) => a is { } x && b is { } y ? Instant.Min(x, y) : a ?? b;

    // Stryker disable once Equality : of two equal outcomes either is the higher
    private static DataUpdateTaskOutcome? Max(DataUpdateTaskOutcome? a, DataUpdateTaskOutcome? b) => a is { } x && b is { } y ? (x > y ? x : y) : a ?? b;
}
