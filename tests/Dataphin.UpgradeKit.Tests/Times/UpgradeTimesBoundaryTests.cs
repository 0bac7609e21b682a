using Dataphin.UpgradeKit.Times;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Times;

/// <summary>The edges of the time rules that the examples beside them do not reach (mutation testing found them open).</summary>
public class UpgradeTimesBoundaryTests
{
    [Fact]
    public void Upgrade_EndAtItsStart_IsAZeroTotalNotAnImpossibleTime_R_TIME_2()
    {
        // An end before its start is refused; an end at its start is a span of no length.
        var record = Record(UpgradeStatus.Stopped, upgradeStart: At(30), upgradeEnd: At(30), maintenanceStart: At(30), maintenanceEnd: At(30));

        Assert.Equal(new TimeRange(At(30), At(30), Duration.Zero), UpgradeTimes.Upgrade(record));
        Assert.Equal(new TimeRange(At(30), At(30), Duration.Zero), UpgradeTimes.Maintenance(record));
        Assert.Equal("000:00:00", DurationText.Format(UpgradeTimes.Upgrade(record).Total));
    }

    [Theory]
    [InlineData(UpgradeStatus.Upgrading)]
    [InlineData(UpgradeStatus.Verifying)]
    public void Upgrade_RunningWithAnEndStored_ShowsNoEndAndNoTotal_R_TIME_5(UpgradeStatus status)
    {
        // A running upgrade shows its start and no end or total, whatever a store holds for its end.
        var record = Record(status, upgradeStart: At(30), upgradeEnd: At(40), maintenanceStart: At(30));

        Assert.Equal(new TimeRange(At(30), null, null), UpgradeTimes.Upgrade(record));
    }

    [Fact]
    public void Upgrade_EndWithoutAStart_ShowsNoTotal_R_TIME_2()
    {
        var record = Record(UpgradeStatus.Failed, upgradeEnd: At(40));

        var upgrade = UpgradeTimes.Upgrade(record);

        Assert.Null(upgrade.Start);
        Assert.Null(upgrade.Total);
        Assert.Equal("-", DurationText.Format(upgrade.Total));
    }

    [Theory]
    [InlineData(UpgradeStatus.ForceStoppedSucceeded)]
    [InlineData(UpgradeStatus.ForceStoppedFailed)]
    public void Maintenance_ForceStoppedWithoutAStart_HasNothing_R_TIME_4(UpgradeStatus status)
    {
        var record = Record(status, upgradeStart: At(30), upgradeEnd: At(40));

        Assert.Equal(new TimeRange(null, null, null), UpgradeTimes.Maintenance(record));
    }
}
