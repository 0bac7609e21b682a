using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Timeline;

public partial class TimelineEventTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 25, 8, 0);

    [Theory]
    [InlineData("https://dataphin.example/ops/tasks/42")]
    [InlineData("http://10.0.0.5:8080/tasks/42")]
    [InlineData("/ops/tasks/42")]
    public void Constructor_WebOrRootRelativeDetailsLink_IsKept_R_TIME_8(string link)
    {
        var e = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "migrate", At = At, Outcome = DataUpdateTaskOutcome.Success, DetailsLink = link };
        Assert.Equal(link, e.DetailsLink);
    }

    [Fact]
    public void Init_OutcomeOrLinkOnAnotherKind_IsRejectedWhicheverPropertyIsSetFirst_R_TIME_8()
    {
        Assert.Throws<ArgumentException>(() => new TimelineEvent
        {
            Kind = TimelineEventKind.ServiceStoppingFinished, Subject = "s", At = At, Outcome = DataUpdateTaskOutcome.Success,
        });
        Assert.Throws<ArgumentException>(() => new TimelineEvent
        {
            Outcome = DataUpdateTaskOutcome.Success, Subject = "s", At = At, Kind = TimelineEventKind.ServiceStoppingFinished,
        });
        Assert.Throws<ArgumentException>(() => new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingFinished, Subject = "s", At = At, DetailsLink = "/x" });
        Assert.Throws<ArgumentException>(() => new TimelineEvent { DetailsLink = "/x", Subject = "s", At = At, Kind = TimelineEventKind.ServiceStoppingFinished });
    }

    [Fact]
    public void Init_FinishedTaskGivenNoOutcome_IsRejected_AlsoThroughWith_R_TIME_8()
    {
        Assert.Throws<ArgumentException>(() => new TimelineEvent
        {
            Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "t", At = At, Outcome = null,
        });

        var finished = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "t", At = At, Outcome = DataUpdateTaskOutcome.Skipped };
        Assert.Throws<ArgumentException>(() => finished with { Outcome = null });
        Assert.Throws<ArgumentException>(() => finished with { Kind = TimelineEventKind.DataUpdateTaskStarted });

        var started = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "t", At = At, DetailsLink = "/ops/tasks/1" };
        Assert.Throws<ArgumentException>(() => started with { Kind = TimelineEventKind.DatabaseBackupStarted });
        Assert.Equal(DataUpdateTaskOutcome.Failed, (finished with { Outcome = DataUpdateTaskOutcome.Failed }).Outcome);
    }

    [Fact]
    public void Init_BlankSubjectOrUndefinedKindOrOutcome_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupStarted, Subject = " ", At = At });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimelineEvent { Kind = (TimelineEventKind)99, Subject = "s", At = At });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimelineEvent
        {
            Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "t", At = At, Outcome = (DataUpdateTaskOutcome)99,
        });
    }

    [Fact]
    public void Init_DetailsLinkSetBeforeTheKind_IsStillNormalizedAndChecked_R_SEC_1()
    {
        var e = new TimelineEvent { DetailsLink = " HTTPS://Ops.Example:443/t ", Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "t", At = At };

        Assert.Equal("https://ops.example/t", e.DetailsLink);
        Assert.Throws<UnsafeDetailsLinkException>(() => new TimelineEvent
        {
            DetailsLink = "javascript:alert(1)", Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "t", At = At,
        });
    }

    [Fact]
    public void Key_EqualEvents_HaveEqualKeys_AndAnyDifferenceChangesIt_R_TIME_9()
    {
        var a = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "t", At = At, Outcome = DataUpdateTaskOutcome.Success, DetailsLink = "/x" };
        Assert.Equal(a.Key, new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "t", At = At, Outcome = DataUpdateTaskOutcome.Success, DetailsLink = "/x" }.Key);
        Assert.NotEqual(a.Key, new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "t", At = At, Outcome = DataUpdateTaskOutcome.Failed, DetailsLink = "/x" }.Key);
        Assert.NotEqual(a.Key, new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "t", At = At + Duration.FromTicks(1), Outcome = DataUpdateTaskOutcome.Success, DetailsLink = "/x" }.Key);
        Assert.NotEqual(a.Key, new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "u", At = At, Outcome = DataUpdateTaskOutcome.Success, DetailsLink = "/x" }.Key);
    }
}
