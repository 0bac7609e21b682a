using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Testing.Arbitraries;
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
/// The timeline from stored summaries (what a store reads) against the reference aggregation of the events they
/// summarise; subjects that share a name across nodes; arguments; and the working memory the aggregation borrows.
/// </summary>
public partial class TimelineAggregatorTests
{
    /// <summary>
    /// Events, and the summaries a store could hold of them: the events cut into parts (appends), each part summarised,
    /// some summaries repeated, all in a random order.
    /// </summary>
    private static Arbitrary<(TimelineEvent[] Events, TimelineSubjectSummary[] Summaries)> EventsAndSplitSummaries =>
        (from events in ReferenceStreamGen(600)
         from parts in Gen.Choose(1, 4)
         from assignment in Gen.ArrayOf(Gen.Choose(0, parts - 1), events.Length)
         let summaries = Enumerable.Range(0, parts)
             .SelectMany(p => TimelineSubjectSummary.Summarize(events.Where((_, i) => assignment[i] == p)))
             .ToArray()
         from repeats in Gen.ArrayOf(Gen.Choose(0, Math.Max(0, summaries.Length - 1)), summaries.Length == 0 ? 0 : summaries.Length / 4)
         let all = summaries.Concat(repeats.Select(i => summaries[i])).ToArray()
         from keys in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), all.Length)
         select (events, all.Zip(keys).OrderBy(p => p.Second).Select(p => p.First).ToArray()))
        .ToArbitrary();

    /// <summary>
    /// The timeline of any summaries of any split of the events, repeated and in any order, is the reference aggregation
    /// of the events, for a list and for a sequence of unknown length, again and again (R-TIME-7, R-TIME-8, R-TIME-9).
    /// </summary>
    [Property(MaxTest = 80)]
    public Property FromSummaries_AnySplitRepeatedAndShuffled_EqualsReferenceOfTheEvents_R_TIME_9() =>
        Prop.ForAll(EventsAndSplitSummaries, x =>
        {
            var expected = Reference(x.Events);
            return SameTimeline(expected, TimelineAggregator.FromSummaries(x.Summaries))
                && SameTimeline(expected, TimelineAggregator.FromSummaries(OneByOne(x.Summaries)))
                && SameTimeline(expected, TimelineAggregator.FromSummaries(OneByOne(x.Summaries))); // reused working memory
        });

    /// <summary>The same for the kit's event streams (shuffled, duplicated, contradictory), stored in two appends.</summary>
    [Property(MaxTest = 150)]
    public Property FromSummaries_KitsTimelineStreamsStoredInTwoAppends_EqualsReference_R_TIME_9() =>
        Prop.ForAll(UpgradeKitArbitraries.TimelineStreams().ToArbitrary(), stream =>
        {
            var half = stream.Count / 2;
            var summaries = TimelineSubjectSummary.Summarize(stream.Take(half)).Concat(TimelineSubjectSummary.Summarize(stream.Skip(half)));
            return SameTimeline(Reference([.. stream]), TimelineAggregator.FromSummaries(OneByOne(summaries)));
        });

    [Fact]
    public void FromSummaries_ThousandsOfSubjectsOfUnknownCount_EachGivenTwice_EqualsReference_R_TIME_8()
    {
        var random = new Random(23);
        var events = Enumerable.Range(0, 3_000).SelectMany(i =>
        {
            var kind = (K)((i % 5 * 2) + 1);
            var start = T0 + Duration.FromSeconds(random.Next(0, 3_600));
            var link = kind == K.DataUpdateTaskStarted ? "/tasks/" + i : null;
            return new[]
            {
                E(kind, "subject-" + i, start, link: link),
                E(kind + 1, "subject-" + i, start + Duration.FromSeconds(random.Next(-5, 600)),
                    kind == K.DataUpdateTaskStarted ? DataUpdateTaskOutcome.Failed : null, link is null ? null : link + "/log"),
            };
        }).ToArray();

        // Each subject's start and end summarised apart, as two appends would store them, the ends first.
        var summaries = events.Where((_, i) => i % 2 == 1).Concat(events.Where((_, i) => i % 2 == 0)).Select(TimelineSubjectSummary.Of).ToArray();

        for (var run = 0; run < 3; run++)
        {
            Assert.True(SameTimeline(Reference(events), TimelineAggregator.FromSummaries(OneByOne(summaries))));
        }
    }

    [Fact]
    public void AggregateAndFromSummaries_OneNameInTwoNodes_IsASubjectOfEach_R_TIME_7()
    {
        // A service stopped and started again under one name is a subject of each node.
        TimelineEvent[] events =
        [
            E(K.ServiceStoppingStarted, "gateway", At(1)),
            E(K.ServiceStoppingFinished, "gateway", At(2)),
            E(K.ServiceStartingStarted, "gateway", At(3)),
            E(K.ServiceStoppingStarted, "gateway", At(1)),
        ];

        foreach (var timeline in new[]
                 {
                     TimelineAggregator.Aggregate(events),
                     TimelineAggregator.FromSummaries(events.Select(TimelineSubjectSummary.Of).ToList()),
                     TimelineAggregator.FromSummaries(OneByOne(events.Select(TimelineSubjectSummary.Of))),
                 })
        {
            var stop = timeline[TimelineNodeKind.StopServices];
            Assert.Equal((TimelineNodeState.Finished, At(1), At(2)), (stop.State, stop.StartedAt, stop.EndedAt));
            var start = timeline[TimelineNodeKind.UpgradeServices];
            Assert.Equal((TimelineNodeState.Running, At(3), (Instant?)null), (start.State, start.StartedAt, start.EndedAt));
        }
    }

    [Fact]
    public void Aggregate_LinkOfAnEventBefore1970_IsTheTasksLink_R_TIME_8()
    {
        // "No link yet" does not depend on the time: an event at any instant can bring the first link.
        var before = Instant.FromUtc(1969, 7, 20, 20, 17);
        var timeline = TimelineAggregator.Aggregate([E(K.DataUpdateTaskStarted, "import", before, link: "/tasks/apollo")]);

        Assert.Equal("/tasks/apollo", Assert.Single(timeline[TimelineNodeKind.DataUpdate].Tasks).DetailsLink);
    }

    [Fact]
    public void AggregateAndFromSummaries_NullArguments_AreRefusedNamingTheArgument()
    {
        Assert.Equal("events", Assert.Throws<ArgumentNullException>(() => TimelineAggregator.Aggregate(null!)).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentNullException>(() => TimelineAggregator.Aggregate([E(K.ServiceStoppingStarted, "api", At(1)), null!])).ParamName);
        Assert.Equal("summaries", Assert.Throws<ArgumentNullException>(() => TimelineAggregator.FromSummaries(null!)).ParamName);
        Assert.Equal("summaries", Assert.Throws<ArgumentNullException>(() =>
            TimelineAggregator.FromSummaries([TimelineSubjectSummary.Of(E(K.ServiceStoppingStarted, "api", At(1))), null!])).ParamName);
    }

    [Fact]
    public void Indexer_NodeKindThatDoesNotExist_IsRefusedNamingTheArgument()
    {
        var timeline = TimelineAggregator.Aggregate([]);

        // The indexer documents an ArgumentOutOfRangeException for its own parameter, so a caller's log names "kind".
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => timeline[(TimelineNodeKind)5]).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => timeline[(TimelineNodeKind)(-1)]).ParamName);
    }

    [Fact]
    public void FromSummaries_SubjectGivenTwiceWithOnlyStartsBefore1970_IsRunning_R_TIME_7()
    {
        // A subject with starts and no end is running, whenever it started: "no end yet" is not an end at the
        // earliest instant the table can hold. Two summaries of one subject (two appends) are merged.
        var first = Instant.FromUtc(1969, 7, 20, 20, 17);
        var second = Instant.FromUtc(1969, 7, 21, 2, 56);
        var summaries = new[]
        {
            TimelineSubjectSummary.Of(E(K.ServiceStoppingStarted, "api", second)),
            TimelineSubjectSummary.Of(E(K.ServiceStoppingStarted, "api", first)),
        };

        var stop = TimelineAggregator.FromSummaries(summaries)[TimelineNodeKind.StopServices];

        Assert.Equal((TimelineNodeState.Running, first, (Instant?)null), (stop.State, stop.StartedAt, stop.EndedAt));
    }

    [Fact]
    public void Aggregate_SequenceOfUnknownLength_KeepsNoEventNameOrTaskAliveAfterwards()
    {
        // The aggregation borrows its working memory from the shared array pool; what it gives back must hold nothing of
        // the caller's, or the pool would keep events, names and tasks alive for as long as it keeps the arrays.
        var weak = AggregateAndLetGo(300);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(0, weak.Count(w => w.IsAlive));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] AggregateAndLetGo(int subjects)
    {
        var events = Enumerable.Range(0, subjects)
            .Select(i => E(i % 2 == 0 ? K.ServiceStoppingStarted : K.DataUpdateTaskStarted, string.Concat("subject-", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), At(i % 60)))
            .ToArray();
        var timeline = TimelineAggregator.Aggregate(OneByOne(events)); // unknown length: read into a pooled buffer that grows
        var tasks = timeline[TimelineNodeKind.DataUpdate].Tasks;
        Assert.Equal(subjects / 2, tasks.Count);
        return [.. events.Select(e => new WeakReference(e)), .. events.Select(e => new WeakReference(e.Subject)), .. tasks.Select(t => new WeakReference(t))];
    }

    /// <summary>The items one by one, as a sequence whose length is not known before it is read.</summary>
    private static IEnumerable<T> OneByOne<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }
    }
}
