using Dataphin.UpgradeKit.Timeline;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Timeline;

/// <summary>
/// Streams over far more subjects than the aggregator presizes for, and names shared between nodes: the subject table
/// must grow, keep every subject apart and still depend only on the set of events.
/// </summary>
public partial class TimelineAggregatorTests
{
    // Up to 2,000 names over few distinct seconds: the table grows several times and equal times still come up.
    private static readonly Gen<TimelineEvent> ManySubjectsEventGen =
        from kind in Gen.Elements(Enum.GetValues<TimelineEventKind>())
        from subject in Gen.Choose(0, 1_999)
        from seconds in Gen.Choose(0, 40)
        from outcome in Gen.Elements(DataUpdateTaskOutcome.Success, DataUpdateTaskOutcome.Failed, DataUpdateTaskOutcome.Skipped)
        from link in Gen.Elements<string?>(null, "https://host/a", "/tasks/b")
        let isTask = kind is TimelineEventKind.DataUpdateTaskStarted or TimelineEventKind.DataUpdateTaskFinished
        select new TimelineEvent
        {
            Kind = kind,
            Subject = "s" + subject,
            At = T0 + Duration.FromSeconds(seconds),
            Outcome = kind == TimelineEventKind.DataUpdateTaskFinished ? outcome : null,
            DetailsLink = isTask ? link : null,
        };

    private static readonly Arbitrary<TimelineEvent[]> ManySubjectStreams =
        (from length in Gen.Choose(0, 6_000)
         from events in Gen.ArrayOf(ManySubjectsEventGen, length)
         select events).ToArbitrary();

    /// <summary>
    /// With thousands of subjects, arrival order and duplicates still change nothing, and a stream whose length is not
    /// known up front (no presizing) aggregates the same (R-TIME-9).
    /// </summary>
    [Property(MaxTest = 40)]
    public Property Aggregate_ManySubjectsPermutedAndDuplicated_SameTimeline_R_TIME_9() =>
        Prop.ForAll(ManySubjectStreams, events =>
        {
            var shuffled = events.Concat(events.Take(events.Length / 3)).OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
            var expected = Canonical(TimelineAggregator.Aggregate(events));
            return Canonical(TimelineAggregator.Aggregate(shuffled)) == expected
                && Canonical(TimelineAggregator.Aggregate(events.Where(_ => true))) == expected;
        });

    /// <summary>
    /// Each subject counts on its own: a node of many subjects starts at the earliest start of its subjects aggregated
    /// one by one, is finished exactly when each of them is, ends at their latest end, and lists each task exactly as the
    /// task's own events alone give it (R-TIME-7, R-TIME-8).
    /// </summary>
    [Property(MaxTest = 40)]
    public Property Aggregate_ManySubjects_EachNodeIsTheFoldOfItsSubjectsAlone_R_TIME_7_R_TIME_8() =>
        Prop.ForAll(ManySubjectStreams, events =>
        {
            var timeline = TimelineAggregator.Aggregate(events);
            return timeline.Nodes.All(node =>
            {
                var alone = events
                    .Where(e => TimelineEventKinds.Classify(e.Kind).Node == node.Kind)
                    .GroupBy(e => e.Subject, StringComparer.Ordinal)
                    .Select(g => TimelineAggregator.Aggregate(g)[node.Kind])
                    .ToList();
                if (alone.Count == 0)
                {
                    return node.State == TimelineNodeState.NotStarted;
                }

                var finished = alone.All(n => n.State == TimelineNodeState.Finished);
                return node.State == (finished ? TimelineNodeState.Finished : TimelineNodeState.Running)
                    && node.StartedAt == alone.Min(n => n.StartedAt)
                    && node.EndedAt == (finished ? alone.Max(n => n.EndedAt) : null)
                    && node.Tasks.OrderBy(t => t.Name, StringComparer.Ordinal)
                        .SequenceEqual(alone.SelectMany(n => n.Tasks).OrderBy(t => t.Name, StringComparer.Ordinal));
            });
        });

    [Fact]
    public void Aggregate_SameNameInEveryNode_IsADifferentSubjectPerNode_R_TIME_7()
    {
        // "db" stops and is backed up, but only the stop finishes: the backup node must stay running.
        var timeline = TimelineAggregator.Aggregate(
        [
            new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "db", At = T0 },
            new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupStarted, Subject = "db", At = T0 + Duration.FromSeconds(1) },
            new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingFinished, Subject = "db", At = T0 + Duration.FromSeconds(5) },
        ]);

        Assert.Equal(TimelineNodeState.Finished, timeline[TimelineNodeKind.StopServices].State);
        Assert.Equal(T0 + Duration.FromSeconds(5), timeline[TimelineNodeKind.StopServices].EndedAt);
        Assert.Equal(TimelineNodeState.Running, timeline[TimelineNodeKind.DatabaseBackup].State);
        Assert.Equal(T0 + Duration.FromSeconds(1), timeline[TimelineNodeKind.DatabaseBackup].StartedAt);
    }

    [Fact]
    public void Aggregate_FiftyThousandSubjects_EveryTaskListedOnce_R_TIME_8()
    {
        var events = Enumerable.Range(0, 50_000).SelectMany(i => new[]
        {
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "task-" + i, At = T0 + Duration.FromSeconds(i) },
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "task-" + i, At = T0 + Duration.FromSeconds(i + 1), Outcome = DataUpdateTaskOutcome.Success },
        }).Reverse().ToArray();

        var node = TimelineAggregator.Aggregate(events)[TimelineNodeKind.DataUpdate];

        Assert.Equal(TimelineNodeState.Finished, node.State);
        Assert.Equal(50_000, node.Tasks.Count);
        Assert.Equal(Enumerable.Range(0, 50_000).Select(i => "task-" + i), node.Tasks.Select(t => t.Name));
        Assert.All(node.Tasks, t => Assert.Equal(DataUpdateTaskStatus.Success, t.Status));
        Assert.Equal(T0, node.StartedAt);
        Assert.Equal(T0 + Duration.FromSeconds(50_000), node.EndedAt);
    }
}
