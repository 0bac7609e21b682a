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
        var e = new TimelineEvent(TimelineEventKind.DataUpdateTaskFinished, "migrate", At, DataUpdateTaskOutcome.Success, link);
        Assert.Equal(link, e.DetailsLink);
    }

    [Fact]
    public void Constructor_FinishedTaskWithoutOutcome_OrOutcomeOnAnotherKind_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new TimelineEvent(TimelineEventKind.DataUpdateTaskFinished, "t", At));
        Assert.Throws<ArgumentException>(() => new TimelineEvent(TimelineEventKind.ServiceStoppingFinished, "s", At, DataUpdateTaskOutcome.Success));
        Assert.Throws<ArgumentException>(() => new TimelineEvent(TimelineEventKind.ServiceStoppingFinished, "s", At, detailsLink: "/x"));
    }

    [Fact]
    public void Key_EqualEvents_HaveEqualKeys_AndAnyDifferenceChangesIt_R_TIME_9()
    {
        var a = new TimelineEvent(TimelineEventKind.DataUpdateTaskFinished, "t", At, DataUpdateTaskOutcome.Success, "/x");
        Assert.Equal(a.Key, new TimelineEvent(TimelineEventKind.DataUpdateTaskFinished, "t", At, DataUpdateTaskOutcome.Success, "/x").Key);
        Assert.NotEqual(a.Key, new TimelineEvent(TimelineEventKind.DataUpdateTaskFinished, "t", At, DataUpdateTaskOutcome.Failed, "/x").Key);
        Assert.NotEqual(a.Key, new TimelineEvent(TimelineEventKind.DataUpdateTaskFinished, "t", At + Duration.FromTicks(1), DataUpdateTaskOutcome.Success, "/x").Key);
        Assert.NotEqual(a.Key, new TimelineEvent(TimelineEventKind.DataUpdateTaskFinished, "u", At, DataUpdateTaskOutcome.Success, "/x").Key);
    }
}
