using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Timeline;

public static partial class TimelineAggregator
{
    /// <summary>
    /// The timeline of the events <paramref name="summaries"/> summarize: the same as
    /// <see cref="Aggregate(IEnumerable{TimelineEvent})"/> of those events, at the cost of the subjects alone. Two
    /// summaries of one subject are merged (<see cref="TimelineSubjectSummary.Merge"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="summaries"/> or one of them is null.</exception>
    public static UpgradeTimeline FromSummaries(IEnumerable<TimelineSubjectSummary> summaries)
    {
        Guard.NotNull(summaries);
        using var subjects = new SubjectTable(summaries.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var summary in summaries)
        {
            ArgumentNullException.ThrowIfNull(summary, nameof(summaries));
            ref var s = ref subjects.GetOrAdd(summary.Node, summary.Subject, SubjectTable.HashOf(summary.Node, summary.Subject));
            var merged = s.HasStart || s.HasEnd || s.Link is not null ? ToSummary(s).Merge(summary) : summary;
            s.HasStart = merged.StartedAt.HasValue;
            s.Start = merged.StartedAt.GetValueOrDefault();
            s.HasEnd = merged.EndedAt.HasValue;
            s.End = merged.EndedAt.GetValueOrDefault();
            s.Outcome = merged.Outcome.GetValueOrDefault();
            s.Link = merged.DetailsLink;
            s.LinkAt = merged.DetailsLinkAt.GetValueOrDefault();
        }

        return Build(subjects.Entries);
    }

    // Only for a subject given twice; FirstEndedAt plays no part in the timeline, so the table does not keep it.
    private static TimelineSubjectSummary ToSummary(in Subject s) => new(
        s.Node,
        s.Name,
        s.HasStart ? s.Start : null,
        s.HasEnd ? s.End : null,
        s.HasEnd ? s.End : null,
        s.HasEnd && s.Outcome != default ? s.Outcome : null,
        s.Link,
        s.Link is null ? null : s.LinkAt);
}
