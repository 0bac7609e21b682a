using Dataphin.UpgradeKit.Times;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Times;

/// <summary>What the time functions tell a caller when they cannot answer (mutation testing found these open).</summary>
public class UpgradeTimesErrorTests
{
    // A stored end before its start can no longer become a record at all: the snapshot, the only door a store has, refuses
    // it and names the span and both instants, so the time functions never see one.
    [Fact]
    public void Upgrade_StoredEndBeforeStart_IsRefusedNamingTheUpgradeSpanAndBothInstants_R_TIME_2()
    {
        var fields = Fields(UpgradeStatus.Failed, upgradeStart: At(30), upgradeEnd: At(20), maintenanceStart: At(30), maintenanceEnd: At(40));

        var error = Assert.Throws<UnreachableRecordStateException>(() => fields.ToRecord());

        Assert.Equal(fields.Id, error.RecordId);
        Assert.Contains("upgrade ends at 2026-03-29T00:20:00Z", error.Problem, StringComparison.Ordinal);
        Assert.Contains("2026-03-29T00:30:00Z", error.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("maintenance", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Maintenance_StoredEndBeforeStart_IsRefusedNamingTheMaintenanceSpan_R_TIME_2()
    {
        var fields = Fields(UpgradeStatus.Failed, upgradeStart: At(30), upgradeEnd: At(40), maintenanceStart: At(31), maintenanceEnd: At(21));

        var error = Assert.Throws<UnreachableRecordStateException>(() => fields.ToRecord());

        Assert.Equal(fields.Id, error.RecordId);
        Assert.Contains("maintenance", error.Problem, StringComparison.Ordinal);
        Assert.Contains("2026-03-29T00:21:00Z", error.Problem, StringComparison.Ordinal);
        Assert.Contains("2026-03-29T00:31:00Z", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UpgradeAndMaintenance_NullRecord_AreArgumentNullExceptions()
    {
        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => UpgradeTimes.Upgrade(null!)).ParamName);
        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => UpgradeTimes.Maintenance(null!)).ParamName);
    }
}
