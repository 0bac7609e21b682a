namespace Dataphin.UpgradeKit.Timeline;

/// <summary>Aggregation of per-subject summaries: the subjects are already known, so only duplicates need merging.</summary>
internal static class TimelineSummaryFold
{
    /// <summary>The timeline of the events <paramref name="summaries"/> summarize.</summary>
    public static UpgradeTimeline Fold(IEnumerable<TimelineSubjectSummary> summaries)
    {
        using var subjects = new TimelineSubjectTable(summaries.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var summary in summaries)
        {
            ArgumentNullException.ThrowIfNull(summary, nameof(summaries));
            ref var s = ref subjects.GetOrAdd(summary.Node, summary.Subject, TimelineSubjectTable.HashOf(summary.Node, summary.Subject));
            // Stryker disable once Conditional,Equality : a new entry merged with a summary is that summary, and every summary of events has a start or an end, so the link test never decides
            var merged = s.HasStart || s.HasEnd || s.Link is not null ? ToSummary(s).Merge(summary) : summary;
            s.HasStart = merged.StartedAt.HasValue;
            s.Start = merged.StartedAt.GetValueOrDefault();
            s.HasEnd = merged.EndedAt.HasValue;
            s.End = merged.EndedAt.GetValueOrDefault();
            s.Outcome = merged.Outcome.GetValueOrDefault();
            s.Link = merged.DetailsLink;
            s.LinkAt = merged.DetailsLinkAt.GetValueOrDefault();
        }

        return TimelineNodeFold.Build(subjects.Entries);
    }

    // Only for a subject given twice; FirstEndedAt plays no part in the timeline, so the table does not keep it.
    private static TimelineSubjectSummary ToSummary(in TimelineSubject s) => new()
    {
        Node = s.Node,
        Subject = s.Name,
        StartedAt = s.HasStart ? s.Start : null,
        EndedAt = s.HasEnd ? s.End : null,
        // Stryker disable once Conditional,Logical : an outcome is set only with an end and read only with one
        Outcome = s.HasEnd && s.Outcome != default ? s.Outcome : null,
        DetailsLink = s.Link,
        // Stryker disable once Conditional : the time of no link is never read
        DetailsLinkAt = s.Link is null ? null : s.LinkAt,
    };
}
