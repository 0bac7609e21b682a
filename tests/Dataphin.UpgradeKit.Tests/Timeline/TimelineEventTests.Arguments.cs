using Dataphin.UpgradeKit.Timeline;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Timeline;

public partial class TimelineEventTests
{
    [Fact]
    public void Constructor_KindOrOutcomeThatDoesNotExist_IsRefused()
    {
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => E((TimelineEventKind)0, "api", At)).ParamName, ignoreCase: true);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => E((TimelineEventKind)11, "api", At)).ParamName, ignoreCase: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => E(TimelineEventKind.DataUpdateTaskFinished, "migrate", At, (DataUpdateTaskOutcome)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => E(TimelineEventKind.DataUpdateTaskFinished, "migrate", At, (DataUpdateTaskOutcome)4));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t")]
    public void Constructor_NoSubject_IsRefused(string? subject)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => E(TimelineEventKind.ServiceStoppingStarted, subject!, At));
        Assert.Equal("subject", ex.ParamName, ignoreCase: true); // the argument or the property of that name
    }
}
