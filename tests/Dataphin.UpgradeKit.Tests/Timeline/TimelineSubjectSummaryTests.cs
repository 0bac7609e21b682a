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
/// What a store keeps of a subject, against a statement of it written here from the summary's documentation: the
/// earliest start, the earliest and the latest end, the outcome of the latest end (equal ends: the higher outcome), the
/// latest link (equal times: the ordinally greater link) and its time. Merging is checked by splitting a subject's events
/// into any parts, summarising each and merging the parts in any order.
/// </summary>
public class TimelineSubjectSummaryTests
{
    private static readonly string?[] Links = [null, "https://host/a", "https://host/B", "/tasks/c"];

    /// <summary>The start and the end kind of each node (SPEC §5's table, the inverse of the aggregator tests' one).</summary>
    private static (K Start, K End) KindsOf(TimelineNodeKind node) =>
        (TimelineAggregatorTests.SpecKinds.Single(p => p.Value == (node, true)).Key,
         TimelineAggregatorTests.SpecKinds.Single(p => p.Value == (node, false)).Key);

    /// <summary>Events of one subject of one node; few distinct seconds, so equal times (the tie-breaks) are common.</summary>
    private static Gen<TimelineEvent[]> OneSubjectsEvents =>
        from node in Gen.Elements(Enum.GetValues<TimelineNodeKind>())
        from length in Gen.Choose(1, 12)
        from events in Gen.ArrayOf(
            from isStart in Gen.Elements(true, false)
            from second in Gen.Choose(0, 6)
            from outcome in Gen.Elements(DataUpdateTaskOutcome.Success, DataUpdateTaskOutcome.Failed, DataUpdateTaskOutcome.Skipped)
            from link in Gen.Elements(Links)
            let kind = isStart ? KindsOf(node).Start : KindsOf(node).End
            let isTask = node == TimelineNodeKind.DataUpdate
            select E(kind, "subject", T0 + Duration.FromSeconds(second), isTask && !isStart ? outcome : null, isTask ? link : null),
            length)
        select events;

    /// <summary>A subject's events, cut into parts (each part a list of events), the parts in a random order.</summary>
    private static Arbitrary<(TimelineEvent[] Events, TimelineEvent[][] Parts)> SplitEvents =>
        (from events in OneSubjectsEvents
         from parts in Gen.Choose(1, 5)
         from assignment in Gen.ArrayOf(Gen.Choose(0, parts - 1), events.Length)
         from order in Gen.ArrayOf(Gen.Choose(0, 1000), parts)
         select (events, Enumerable.Range(0, parts)
             .OrderBy(p => order[p])
             .Select(p => events.Where((_, i) => assignment[i] == p).ToArray())
             .Where(part => part.Length > 0)
             .ToArray()))
        .ToArbitrary();

    /// <summary>The summary of a subject's events, by its documented meaning, as a tuple.</summary>
    private static object Expected(IReadOnlyCollection<TimelineEvent> events)
    {
        var first = events.First();
        var starts = events.Where(e => TimelineAggregatorTests.SpecKinds[e.Kind].IsStart).Select(e => e.At).ToList();
        var ends = events.Where(e => !TimelineAggregatorTests.SpecKinds[e.Kind].IsStart).ToList();
        Instant? lastEnd = ends.Count == 0 ? null : ends.Max(e => e.At);
        var latestLink = events.Where(e => e.DetailsLink is not null)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.DetailsLink, StringComparer.Ordinal).FirstOrDefault();
        return (
            TimelineAggregatorTests.SpecKinds[first.Kind].Node,
            first.Subject,
            StartedAt: starts.Count == 0 ? (Instant?)null : starts.Min(),
            FirstEndedAt: ends.Count == 0 ? (Instant?)null : ends.Min(e => e.At),
            EndedAt: lastEnd,
            Outcome: ends.Where(e => e.At == lastEnd).Max(e => e.Outcome),
            latestLink?.DetailsLink,
            DetailsLinkAt: latestLink?.At);
    }

    private static object Actual(TimelineSubjectSummary s) =>
        (s.Node, s.Subject, StartedAt: s.StartedAt, FirstEndedAt: s.FirstEndedAt, EndedAt: s.EndedAt, Outcome: s.Outcome, s.DetailsLink, DetailsLinkAt: s.DetailsLinkAt);

    [Property(MaxTest = 400)]
    public Property Merge_SummariesOfAnySplitOfASubjectsEvents_InAnyOrder_EqualTheSummaryOfAllTheEvents_R_TIME_9() =>
        Prop.ForAll(SplitEvents, x =>
        {
            var merged = x.Parts.Select(part => TimelineSubjectSummary.Summarize(part).Single()).Aggregate((a, b) => a.Merge(b));
            return Equals(Expected(x.Events), Actual(merged));
        });

    [Property(MaxTest = 200)]
    public Property Summarize_AnySubjectsEvents_IsTheirSummary_AndMergingItWithItselfChangesNothing_R_TIME_9() =>
        Prop.ForAll(OneSubjectsEvents.ToArbitrary(), events =>
        {
            var summary = TimelineSubjectSummary.Summarize(events).Single();
            return Equals(Expected(events), Actual(summary)) && summary == summary.Merge(summary);
        });

    [Property(MaxTest = 200)]
    public Property Of_AnyEvent_IsTheSummaryOfThatEventAlone_R_TIME_9() =>
        Prop.ForAll(OneSubjectsEvents.ToArbitrary(), events =>
            events.All(e => Equals(Expected([e]), Actual(TimelineSubjectSummary.Of(e)))));

    [Fact]
    public void Of_StartWithoutLink_HasOnlyItsStart_R_TIME_9()
    {
        var summary = TimelineSubjectSummary.Of(E(K.DataUpdateTaskStarted, "migrate", At(1)));

        Assert.Equal(At(1), summary.StartedAt);
        Assert.Null(summary.FirstEndedAt);
        Assert.Null(summary.EndedAt);
        Assert.Null(summary.Outcome);
        Assert.Null(summary.DetailsLink);
        Assert.Null(summary.DetailsLinkAt);
    }

    [Fact]
    public void Summarize_SubjectsOfSeveralNodes_OnePerNodeAndSubject_InOrderOfFirstAppearance_R_TIME_9()
    {
        // The same name under two nodes (a service stopped, then started again) is two subjects.
        var summaries = TimelineSubjectSummary.Summarize(
        [
            E(K.ServiceStoppingStarted, "api", At(1)),
            E(K.ServiceStartingStarted, "api", At(5)),
            E(K.ServiceStoppingFinished, "api", At(2)),
            E(K.ServiceStoppingStarted, "scheduler", At(1)),
        ]);

        Assert.Equal(
            [(TimelineNodeKind.StopServices, "api"), (TimelineNodeKind.UpgradeServices, "api"), (TimelineNodeKind.StopServices, "scheduler")],
            summaries.Select(s => (s.Node, s.Subject)));
        Assert.Equal(At(2), summaries[0].EndedAt);
        Assert.Null(summaries[1].EndedAt);
    }

    [Fact]
    public void Merge_SummaryOfAnotherSubjectOrNode_IsRefused()
    {
        var api = Summary(E(K.ServiceStoppingStarted, "api", At(1)));

        Assert.Equal("other", Assert.Throws<ArgumentException>(() => api.Merge(Summary(E(K.ServiceStoppingFinished, "scheduler", At(2))))).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentException>(() => api.Merge(Summary(E(K.ServiceStartingFinished, "api", At(2))))).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => api.Merge(null!)).ParamName);
    }

    [Fact]
    public void NullArguments_AreRefusedNamingTheArgument()
    {
        Assert.Equal("timelineEvent", Assert.Throws<ArgumentNullException>(() => TimelineSubjectSummary.Of(null!)).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentNullException>(() => TimelineSubjectSummary.Summarize(null!)).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentNullException>(() => TimelineSubjectSummary.Summarize([E(K.ServiceStoppingStarted, "api", At(1)), null!])).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentNullException>(() => TimelineSubjectSummary.ThrowIfEndBeforeStart(FixedId, null, null!)).ParamName);
    }

    // R-TIME-2 at the store's check: an end before the subject's earliest start is refused, whether the end or the start
    // arrives in the batch; an inconsistency already stored does not block later reports.
    [Theory]
    [InlineData(new[] { 10 }, new[] { 5 }, true, "an end before the start, both in the batch")]
    [InlineData(new[] { 10, 4 }, new[] { 5 }, false, "an end after the earliest start")]
    [InlineData(new int[0], new[] { 5 }, false, "an end alone: a skipped task, a lost start")]
    [InlineData(new[] { 5 }, new[] { 5 }, false, "an end at the start")]
    public void ThrowIfEndBeforeStart_NothingStored_RefusesOnlyAnEndBeforeTheBatchsEarliestStart_R_TIME_2(int[] starts, int[] ends, bool refused, string why)
    {
        var ex = Xunit.Record.Exception(() => TimelineSubjectSummary.ThrowIfEndBeforeStart(FixedId, null, Batch(starts, ends)!));

        Assert.True(refused ? ex is ImpossibleTimeException : ex is null, $"{why}: {ex?.GetType().Name ?? "no error"}");
    }

    [Theory]
    [InlineData(new int[0], new[] { 5 }, new[] { 10 }, new int[0], true, "a start later than an end already stored")]
    [InlineData(new[] { 10 }, new int[0], new int[0], new[] { 5 }, true, "an end before the start already stored")]
    [InlineData(new[] { 10 }, new[] { 20 }, new[] { 30 }, new int[0], false, "a later start does not move the start: the stored end stands")]
    [InlineData(new[] { 10 }, new[] { 20 }, new int[0], new[] { 15 }, false, "an end after the start")]
    [InlineData(new[] { 10 }, new[] { 20 }, new[] { 3 }, new[] { 5 }, false, "an earlier start and an end after it")]
    [InlineData(new[] { 10 }, new[] { 10 }, new[] { 12 }, new int[0], false, "a stored end at the start, then a later start")]
    [InlineData(new[] { 10 }, new[] { 5 }, new int[0], new[] { 20 }, false, "an inconsistency already stored does not block a later end")]
    [InlineData(new[] { 10 }, new[] { 5 }, new[] { 30 }, new int[0], false, "an inconsistency already stored does not block a later start")]
    [InlineData(new[] { 10 }, new[] { 5 }, new int[0], new[] { 7 }, true, "but a new end before the start is still refused")]
    public void ThrowIfEndBeforeStart_WithStoredSummary_RefusesABatchThatPutsAnEndBeforeTheStart_R_TIME_2(
        int[] storedStarts, int[] storedEnds, int[] batchStarts, int[] batchEnds, bool refused, string why)
    {
        var stored = Batch(storedStarts, storedEnds); // the stored summary: what earlier batches added up to
        var batch = Batch(batchStarts, batchEnds);

        var ex = Xunit.Record.Exception(() => TimelineSubjectSummary.ThrowIfEndBeforeStart(FixedId, stored, batch!));

        Assert.True(refused ? ex is ImpossibleTimeException : ex is null, $"{why}: {ex?.GetType().Name ?? "no error"}");
    }

    [Fact]
    public void ThrowIfEndBeforeStart_StoredSummaryOfAnotherSubjectOrNode_IsRefused()
    {
        var batch = Summary(E(K.ServiceStoppingStarted, "api", At(1)));

        Assert.Equal("stored", Assert.Throws<ArgumentException>(() =>
            TimelineSubjectSummary.ThrowIfEndBeforeStart(FixedId, Summary(E(K.ServiceStoppingFinished, "scheduler", At(2))), batch)).ParamName);
        Assert.Equal("stored", Assert.Throws<ArgumentException>(() =>
            TimelineSubjectSummary.ThrowIfEndBeforeStart(FixedId, Summary(E(K.ServiceStartingFinished, "api", At(2))), batch)).ParamName);
    }

    private static TimelineSubjectSummary Summary(TimelineEvent e) => TimelineSubjectSummary.Summarize([e]).Single();

    private static TimelineSubjectSummary? Batch(int[] starts, int[] ends) =>
        starts.Length + ends.Length == 0
            ? null
            : TimelineSubjectSummary.Summarize(
                [.. starts.Select(s => E(K.ServiceStoppingStarted, "api", At(s))), .. ends.Select(e => E(K.ServiceStoppingFinished, "api", At(e)))]).Single();
}
