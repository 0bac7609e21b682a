using Dataphin.UpgradeKit.Timeline;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Timeline;

/// <summary>
/// A merge that learns nothing returns the summary it was called on: a relational store skips the write of a retried
/// report by that (RelationalTimelineSummaries), and the summary documents it.
/// </summary>
public class TimelineSubjectSummaryIdentityTests
{
    [Fact]
    public void Merge_OtherAddsNothing_ReturnsThisInstance()
    {
        var started = TimelineSubjectSummary.Of(E(K.DataUpdateTaskStarted, "import", At(1), link: "/tasks/a"));
        var all = started.Merge(TimelineSubjectSummary.Of(E(K.DataUpdateTaskFinished, "import", At(3), DataUpdateTaskOutcome.Failed)));

        Assert.Same(all, all.Merge(started)); // the same start and link again
        Assert.Same(all, all.Merge(all));
        Assert.Same(all, all.Merge(TimelineSubjectSummary.Of(E(K.DataUpdateTaskStarted, "import", At(2))))); // a later start
        Assert.Same(all, all.Merge(TimelineSubjectSummary.Of(E(K.DataUpdateTaskFinished, "import", At(3), DataUpdateTaskOutcome.Success)))); // a lower outcome at the same end
    }

    [Fact]
    public void Merge_OtherAddsSomething_ReturnsTheMergedSummary()
    {
        var started = TimelineSubjectSummary.Of(E(K.DataUpdateTaskStarted, "import", At(1)));
        var finished = TimelineSubjectSummary.Of(E(K.DataUpdateTaskFinished, "import", At(3), DataUpdateTaskOutcome.Failed));

        var merged = started.Merge(finished);

        Assert.NotSame(started, merged);
        Assert.Equal((At(1), At(3), DataUpdateTaskOutcome.Failed), (merged.StartedAt, merged.EndedAt, merged.Outcome));
    }
}
