using System.Text.Json;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Timeline;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Timeline;

public partial class TimelineAggregatorTests
{
    // Few subjects and few distinct seconds, so equal times (the tie-breaks) and restarts come up often.
    private static readonly Gen<TimelineEvent> EventGen =
        from kind in Gen.Elements(Enum.GetValues<TimelineEventKind>())
        from subject in Gen.Elements("api", "scheduler", "metadata", "task-1", "task-2")
        from seconds in Gen.Choose(0, 12)
        from outcome in Gen.Elements(DataUpdateTaskOutcome.Success, DataUpdateTaskOutcome.Failed, DataUpdateTaskOutcome.Skipped)
        from link in Gen.Elements<string?>(null, "https://host/a", "https://host/b")
        let isTask = kind is TimelineEventKind.DataUpdateTaskStarted or TimelineEventKind.DataUpdateTaskFinished
        select new TimelineEvent
        {
            Kind = kind,
            Subject = subject,
            At = T0 + Duration.FromSeconds(seconds),
            Outcome = kind == TimelineEventKind.DataUpdateTaskFinished ? outcome : null,
            DetailsLink = isTask ? link : null,
        };

    /// <summary>Events, and a reordering of them with some repeated.</summary>
    private static readonly Arbitrary<(TimelineEvent[] Events, TimelineEvent[] Shuffled)> EventsAndPermutedDuplicates =
        (from events in Gen.ArrayOf(EventGen)
         from extra in Gen.ArrayOf(Gen.Choose(0, Math.Max(0, events.Length - 1)))
         from keys in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), events.Length + (events.Length == 0 ? 0 : extra.Length))
         let withDuplicates = events.Concat(events.Length == 0 ? [] : extra.Select(i => events[i])).ToArray()
         select (events, withDuplicates.Zip(keys).OrderBy(p => p.Second).Select(p => p.First).ToArray()))
        .ToArbitrary();

    /// <summary>Property (a): the timeline is a function of the set of events (R-TIME-9).</summary>
    [Property(MaxTest = 300)]
    public Property Aggregate_AnyPermutationAndDuplication_SameTimeline_R_TIME_9() =>
        Prop.ForAll(EventsAndPermutedDuplicates, x =>
            Canonical(TimelineAggregator.Aggregate(x.Events)) == Canonical(TimelineAggregator.Aggregate(x.Shuffled)));

    /// <summary>Property (c): node start never after node end; a finished node has both, a running one only a start.</summary>
    [Property(MaxTest = 300)]
    public Property Aggregate_AnyEvents_NodeStartNotAfterEnd_R_TIME_2() =>
        Prop.ForAll(Gen.ArrayOf(EventGen).ToArbitrary(), events =>
            TimelineAggregator.Aggregate(events).Nodes.All(n =>
                n.State switch
                {
                    TimelineNodeState.NotStarted => n.StartedAt is null && n.EndedAt is null,
                    TimelineNodeState.Running => n.StartedAt is not null && n.EndedAt is null,
                    _ => n.StartedAt <= n.EndedAt && n.Duration >= Duration.Zero,
                }
                && n.Tasks.All(t => t.StartedAt is null || t.EndedAt is null || t.StartedAt <= t.EndedAt)));

    private static string Canonical(UpgradeTimeline timeline) => JsonSerializer.Serialize(timeline.Nodes, UpgradeKitJson.Options);
}
