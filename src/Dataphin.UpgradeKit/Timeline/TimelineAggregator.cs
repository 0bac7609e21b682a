using System.Buffers;
using System.Runtime.InteropServices;
using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// Builds the detailed timeline from raw events. A pure function of the <em>set</em> of events:
/// the order they arrive in and duplicates change nothing, because every per-subject figure is a minimum, a maximum or
/// a deterministic tie-break. Three sequential passes over the events (read, group by subject hash, aggregate each group)
/// plus one over the subjects; working memory comes from the shared array pool; thread-safe. Costs a few times reading
/// the events, whether they cover a few subjects or a new subject every pair (benchmarks/results/timeline.md).
/// </summary>
/// <remarks>
/// Rules, per subject (a service, a database, a task, DataService Studio) and then per node:
/// <list type="bullet">
/// <item>A subject starts at its earliest start event and ends at its latest end event.</item>
/// <item>An end earlier than the subject's start is inconsistent (the service rejects such reports; only a
/// race between two reporters can store one) and is ignored: the subject stays running.</item>
/// <item>A subject reported only as finished (a skipped task, a lost start report) is taken to start and end at its
/// finish: it finishes its node and, if it is the earliest, is where the node starts.</item>
/// <item>A node is not started without events, finished when every subject that started has finished, running
/// otherwise. It starts at its subjects' earliest start and ends at their latest end.</item>
/// <item>A data-update task's outcome is that of its latest finish; equal times break the tie by the higher outcome
/// (Success, Failed, Skipped). Its details link is the one on its latest event carrying a link, ordinal order breaking ties.</item>
/// </list>
/// </remarks>
public static class TimelineAggregator
{
    /// <summary>The timeline of <paramref name="events"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or one of them is null.</exception>
    public static UpgradeTimeline Aggregate(IEnumerable<TimelineEvent> events)
    {
        Guard.NotNull(events);

        if (events is TimelineEvent[] array)
        {
            return TimelineEventGrouping.Aggregate(array);
        }

        if (events is List<TimelineEvent> list)
        {
            return TimelineEventGrouping.Aggregate(CollectionsMarshal.AsSpan(list));
        }

        // Any other sequence is read once into a pooled buffer (cleared before it goes back, so it keeps no event alive).
        // Stryker disable once Linq : only the first buffer's size: a smaller one grows by doubling and the same events are read
        var buffer = ArrayPool<TimelineEvent>.Shared.Rent(events.TryGetNonEnumeratedCount(out var known) ? Math.Max(known, 16) : 64);
        var count = 0;
        try
        {
            foreach (var e in events)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<TimelineEvent>.Shared.Rent(buffer.Length * 2);
                    Array.Copy(buffer, larger, count);
                    Array.Clear(buffer, 0, count);
                    // Stryker disable once Statement : a buffer not given back is a leak the collector takes; it was cleared, so it holds no event
                    ArrayPool<TimelineEvent>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = e;
            }

            return TimelineEventGrouping.Aggregate(buffer.AsSpan(0, count));
        }
        finally
        {
            Array.Clear(buffer, 0, count);
            // Stryker disable once Statement : as above: cleared first, so not giving it back changes no result
            ArrayPool<TimelineEvent>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The timeline of the events <paramref name="summaries"/> summarize: the same as
    /// <see cref="Aggregate(IEnumerable{TimelineEvent})"/> of those events, at the cost of the subjects alone. Two
    /// summaries of one subject are merged (<see cref="TimelineSubjectSummary.Merge"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="summaries"/> or one of them is null.</exception>
    public static UpgradeTimeline FromSummaries(IEnumerable<TimelineSubjectSummary> summaries)
    {
        Guard.NotNull(summaries);
        return TimelineSummaryFold.Fold(summaries);
    }
}
