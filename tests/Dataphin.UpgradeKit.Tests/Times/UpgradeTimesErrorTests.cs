using Dataphin.UpgradeKit.Times;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Times;

/// <summary>What the time functions tell a caller when they cannot answer (mutation testing found these open).</summary>
public class UpgradeTimesErrorTests
{
    [Fact]
    public void Upgrade_StoredEndBeforeStart_IsRefusedNamingTheUpgradeSpanAndBothInstants_R_TIME_2()
    {
        var record = Record(UpgradeStatus.Failed, upgradeStart: At(30), upgradeEnd: At(20), maintenanceStart: At(30), maintenanceEnd: At(40));

        var error = Assert.Throws<ImpossibleTimeException>(() => UpgradeTimes.Upgrade(record));

        Assert.Equal(record.Id, error.RecordId);
        Assert.Equal((At(30), At(20)), (error.Start, error.End));
        Assert.Contains("upgrade", error.What, StringComparison.Ordinal);
        Assert.DoesNotContain("maintenance", error.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Maintenance_StoredEndBeforeStart_IsRefusedNamingTheMaintenanceSpan_R_TIME_2()
    {
        var record = Record(UpgradeStatus.Failed, upgradeStart: At(30), upgradeEnd: At(40), maintenanceStart: At(31), maintenanceEnd: At(21));

        var error = Assert.Throws<ImpossibleTimeException>(() => UpgradeTimes.Maintenance(record));

        Assert.Equal(record.Id, error.RecordId);
        Assert.Equal((At(31), At(21)), (error.Start, error.End));
        Assert.Contains("maintenance", error.What, StringComparison.Ordinal);
    }

    [Fact]
    public void UpgradeAndMaintenance_NullRecord_AreArgumentNullExceptions()
    {
        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => UpgradeTimes.Upgrade(null!)).ParamName);
        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => UpgradeTimes.Maintenance(null!)).ParamName);
    }
}
