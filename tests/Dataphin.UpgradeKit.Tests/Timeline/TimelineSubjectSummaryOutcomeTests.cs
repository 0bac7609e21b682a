using Dataphin.UpgradeKit.Timeline;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Timeline;

/// <summary>
/// The outcome a summary keeps is the highest among the ends at its latest end. A finished-task event built without an
/// outcome (the stores refuse one; a summary can still be made of it) brings an end but no outcome, so it never erases
/// the outcome of another end at the same instant.
/// </summary>
public class TimelineSubjectSummaryOutcomeTests
{
    [Fact]
    public void Merge_EndWithoutOutcomeAtTheSameInstant_KeepsTheOtherEndsOutcome_R_TIME_8()
    {
        var failed = TimelineSubjectSummary.Of(E(K.DataUpdateTaskFinished, "import", At(3), DataUpdateTaskOutcome.Failed));
        var noOutcome = TimelineSubjectSummary.Of(new TimelineEvent { Kind = K.DataUpdateTaskFinished, Subject = "import", At = At(3) });

        Assert.Equal(DataUpdateTaskOutcome.Failed, failed.Merge(noOutcome).Outcome);
        Assert.Equal(DataUpdateTaskOutcome.Failed, noOutcome.Merge(failed).Outcome);
    }
}
