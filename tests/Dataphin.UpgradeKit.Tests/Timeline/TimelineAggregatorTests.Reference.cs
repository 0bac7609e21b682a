using Dataphin.UpgradeKit.Timeline;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Timeline;

/// <summary>
/// The aggregator against a reference written here from SPEC §5 and the rules in the aggregator's documentation, one
/// rule a line, by grouping and min/max over the whole stream: no table, no grouping by hash, no arrival order.
/// Streams range from a handful of events over five names to thousands over a new name every pair, so both a single
/// group and many groups of the aggregator's grouped pass are covered (issue 16).
/// </summary>
public partial class TimelineAggregatorTests
{
    // The node of each kind and whether it starts its subject: SPEC §5's table, written out again here.
    internal static readonly Dictionary<K, (TimelineNodeKind Node, bool IsStart)> SpecKinds = new()
    {
        [K.ServiceStoppingStarted] = (TimelineNodeKind.StopServices, true),
        [K.ServiceStoppingFinished] = (TimelineNodeKind.StopServices, false),
        [K.DatabaseBackupStarted] = (TimelineNodeKind.DatabaseBackup, true),
        [K.DatabaseBackupCompleted] = (TimelineNodeKind.DatabaseBackup, false),
        [K.ServiceStartingStarted] = (TimelineNodeKind.UpgradeServices, true),
        [K.ServiceStartingFinished] = (TimelineNodeKind.UpgradeServices, false),
        [K.DataUpdateTaskStarted] = (TimelineNodeKind.DataUpdate, true),
        [K.DataUpdateTaskFinished] = (TimelineNodeKind.DataUpdate, false),
        [K.DataServiceStudioUpgradeStarted] = (TimelineNodeKind.DataServiceStudioUpgrade, true),
        [K.DataServiceStudioUpgradeCompleted] = (TimelineNodeKind.DataServiceStudioUpgrade, false),
    };

    // Names: either few (restarts, ties) or up to one per pair of events (the many-subjects case); times over few
    // seconds, so equal times and ends before starts come up; links of two orders.
    private static Gen<TimelineEvent[]> ReferenceStreamGen(int maxLength) =>
        from length in Gen.Choose(0, maxLength)
        from distinct in Gen.OneOf(Gen.Choose(1, 5), Gen.Choose(1, Math.Max(1, length / 2)))
        from seconds in Gen.Choose(1, 60)
        from events in Gen.ArrayOf(
            from kind in Gen.Elements(Enum.GetValues<K>())
            from subject in Gen.Choose(0, distinct - 1)
            from second in Gen.Choose(0, seconds)
            from outcome in Gen.Elements(DataUpdateTaskOutcome.Success, DataUpdateTaskOutcome.Failed, DataUpdateTaskOutcome.Skipped)
            from link in Gen.Elements<string?>(null, "https://host/a", "https://host/B", "/tasks/c")
            let isTask = kind is K.DataUpdateTaskStarted or K.DataUpdateTaskFinished
            select new TimelineEvent
            {
                Kind = kind,
                Subject = "s" + subject,
                At = T0 + Duration.FromSeconds(second),
                Outcome = kind == K.DataUpdateTaskFinished ? outcome : null,
                DetailsLink = isTask ? link : null,
            },
            length)
        select events;

    /// <summary>
    /// The timeline is the reference aggregation of the same events, for an array, a list and a sequence of unknown
    /// length (R-TIME-7, R-TIME-8, R-TIME-9).
    /// </summary>
    [Property(MaxTest = 60)]
    public Property Aggregate_AnyStream_EqualsReferenceFromSpecRules_R_TIME_7_R_TIME_8_R_TIME_9() =>
        Prop.ForAll(ReferenceStreamGen(4_000).ToArbitrary(), events =>
        {
            var expected = Reference(events);
            return SameTimeline(expected, TimelineAggregator.Aggregate(events))
                && SameTimeline(expected, TimelineAggregator.Aggregate(events.ToList()))
                && SameTimeline(expected, TimelineAggregator.Aggregate(events.Select(e => e)));
        });

    /// <summary>Many subjects, each a start and an end, shuffled: every task listed once, as the reference lists it (R-TIME-8).</summary>
    [Fact]
    public void Aggregate_TwentyThousandSubjectsShuffled_EqualsReference_R_TIME_8()
    {
        var random = new Random(16);
        var events = Enumerable.Range(0, 20_000).SelectMany(i =>
        {
            var kind = (K)((i % 5 * 2) + 1);
            var start = T0 + Duration.FromMilliseconds(random.Next(0, 3_600_000));
            var end = start + Duration.FromMilliseconds(random.Next(-1_000, 600_000)); // a few ends before their start
            return new[]
            {
                new TimelineEvent { Kind = kind, Subject = "subject-" + i, At = start, DetailsLink = kind == K.DataUpdateTaskStarted ? "/tasks/" + i : null },
                new TimelineEvent { Kind = kind + 1, Subject = "subject-" + i, At = end, Outcome = kind == K.DataUpdateTaskStarted ? DataUpdateTaskOutcome.Failed : null },
            };
        }).OrderBy(_ => random.Next()).ToArray();

        var timeline = TimelineAggregator.Aggregate(events);

        Assert.True(SameTimeline(Reference(events), timeline));
        Assert.Equal(4_000, timeline[TimelineNodeKind.DataUpdate].Tasks.Count);
    }

    /// <summary>The timeline by SPEC §5's rules, computed over the whole stream at once.</summary>
    private static TimelineNode[] Reference(IReadOnlyCollection<TimelineEvent> events)
    {
        var subjects = events
            .GroupBy(e => (SpecKinds[e.Kind].Node, e.Subject))
            .Select(g =>
            {
                var starts = g.Where(e => SpecKinds[e.Kind].IsStart).ToList();
                var ends = g.Where(e => !SpecKinds[e.Kind].IsStart).ToList();
                Instant? start = starts.Count == 0 ? null : starts.Min(e => e.At);
                Instant? lastEnd = ends.Count == 0 ? null : ends.Max(e => e.At);

                // Finished at the latest end unless that end is before the start (an inconsistent report is ignored).
                var finished = lastEnd is { } end && (start is null || end >= start);

                // The latest finish's outcome; at equal times the higher outcome.
                var outcome = ends.Where(e => e.At == lastEnd).Max(e => e.Outcome);

                // The link of the latest event with a link; at equal times the greater in ordinal order.
                var link = g.Where(e => e.DetailsLink is not null)
                    .OrderByDescending(e => e.At)
                    .ThenByDescending(e => e.DetailsLink, StringComparer.Ordinal)
                    .Select(e => e.DetailsLink)
                    .FirstOrDefault();
                return (g.Key.Node, Name: g.Key.Subject, Start: start, End: finished ? lastEnd : null, Finished: finished,
                    Outcome: outcome, Link: link, SortAt: start ?? lastEnd!.Value);
            })
            .ToList();

        return Enum.GetValues<TimelineNodeKind>().Select(kind =>
        {
            var mine = subjects.Where(s => s.Node == kind).ToList();
            if (mine.Count == 0)
            {
                return new TimelineNode { Kind = kind, State = TimelineNodeState.NotStarted, StartedAt = null, EndedAt = null, Tasks = [] };
            }

            var allFinished = mine.All(s => s.Finished);
            var tasks = kind != TimelineNodeKind.DataUpdate
                ? []
                : mine.OrderBy(s => s.SortAt).ThenBy(s => s.Name, StringComparer.Ordinal)
                    .Select(s => new DataUpdateTask
                    {
                        Name = s.Name,
                        Status = !s.Finished ? DataUpdateTaskStatus.Running : s.Outcome switch
                        {
                            DataUpdateTaskOutcome.Success => DataUpdateTaskStatus.Success,
                            DataUpdateTaskOutcome.Failed => DataUpdateTaskStatus.Failed,
                            _ => DataUpdateTaskStatus.Skipped,
                        },
                        StartedAt = s.Start,
                        EndedAt = s.End,
                        DetailsLink = s.Link,
                    })
                    .ToList();
            return new TimelineNode
            {
                Kind = kind,
                State = allFinished ? TimelineNodeState.Finished : TimelineNodeState.Running,
                StartedAt = mine.Min(s => s.SortAt),
                EndedAt = allFinished ? mine.Max(s => s.End) : null,
                Tasks = tasks,
            };
        }).ToArray();
    }

    private static bool SameTimeline(TimelineNode[] expected, UpgradeTimeline actual) =>
        actual.Nodes.Count == expected.Length
        && expected.Zip(actual.Nodes).All(p =>
            p.First.Kind == p.Second.Kind
            && p.First.State == p.Second.State
            && p.First.StartedAt == p.Second.StartedAt
            && p.First.EndedAt == p.Second.EndedAt
            && p.First.Tasks.SequenceEqual(p.Second.Tasks));
}
