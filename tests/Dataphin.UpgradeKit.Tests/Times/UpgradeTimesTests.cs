using Dataphin.UpgradeKit.Times;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Times;

public class UpgradeTimesTests
{
    [Fact]
    public void Upgrade_Succeeded_TotalIsEndMinusStart_R_TIME_2()
    {
        var record = Record(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: At(135, 7), maintenanceStart: At(30), maintenanceEnd: At(120));

        var upgrade = UpgradeTimes.Upgrade(record);
        var maintenance = UpgradeTimes.Maintenance(record)!.Value;

        Assert.Equal(new TimeRange(At(30), At(135, 7), Duration.FromMinutes(105) + Duration.FromSeconds(7)), upgrade);
        Assert.Equal(new TimeRange(At(30), At(120), Duration.FromMinutes(90)), maintenance);
    }

    // An end before its start cannot reach the page: the operations refuse to write it (LifecycleEffects) and a
    // store refuses to turn such stored fields into a record, so no record, and no list row, carries it.
    [Fact]
    public void Upgrade_EndBeforeStart_IsRejectedNotShown_R_TIME_2()
    {
        var fields = Fields(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: At(29));

        var error = Assert.Throws<UnreachableRecordStateException>(fields.ToRecord);
        Assert.Equal(FixedId, error.RecordId);
        Assert.Contains("before it started", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Maintenance_EndBeforeStart_IsRejectedNotShown_R_TIME_2()
    {
        var fields = Fields(UpgradeStatus.Stopped, upgradeStart: At(30), upgradeEnd: At(40), maintenanceStart: At(30), maintenanceEnd: At(10));

        var error = Assert.Throws<UnreachableRecordStateException>(fields.ToRecord);
        Assert.Contains("maintenance mode ends", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UpgradeAndMaintenance_Canceled_EverythingAbsent_R_TIME_3()
    {
        // Even if a store handed back times for a cancelled record, the page says "-" for all six fields.
        var record = Record(UpgradeStatus.Canceled, upgradeStart: At(1), upgradeEnd: At(2), maintenanceStart: At(1), maintenanceEnd: At(2));

        Assert.Equal(new TimeRange(null, null, null), UpgradeTimes.Upgrade(record));
        Assert.Equal(new TimeRange(null, null, null), UpgradeTimes.Maintenance(record));
    }

    [Theory]
    [InlineData(UpgradeStatus.ForceStoppedSucceeded)]
    [InlineData(UpgradeStatus.ForceStoppedFailed)]
    public void Times_ForceStopped_UpgradeEndIsForceStopAndMaintenanceEndAbsent_R_TIME_4(UpgradeStatus status)
    {
        var record = Record(status, upgradeStart: At(30), upgradeEnd: At(90), maintenanceStart: At(30), maintenanceEnd: At(95));

        Assert.Equal(new TimeRange(At(30), At(90), Duration.FromHours(1)), UpgradeTimes.Upgrade(record));
        Assert.Equal(new TimeRange(At(30), null, null), UpgradeTimes.Maintenance(record));
    }

    [Theory]
    [InlineData(UpgradeStatus.Upgrading)]
    [InlineData(UpgradeStatus.Verifying)]
    public void Upgrade_StillRunning_ShowsStartOnly_R_TIME_5(UpgradeStatus status)
    {
        var record = Record(status, upgradeStart: At(30), maintenanceStart: At(30));

        Assert.Equal(new TimeRange(At(30), null, null), UpgradeTimes.Upgrade(record));
        Assert.Equal(new TimeRange(At(30), null, null), UpgradeTimes.Maintenance(record));
    }

    [Fact]
    public void Upgrade_Configuring_NothingKnown_R_TIME_5()
    {
        var record = Record(UpgradeStatus.Configuring);

        Assert.Equal(TimeRange.None, UpgradeTimes.Upgrade(record));
        Assert.Equal(TimeRange.None, UpgradeTimes.Maintenance(record));
    }

    [Theory]
    [InlineData(UpgradeStatus.Upgrading)]
    [InlineData(UpgradeStatus.Succeeded)]
    [InlineData(UpgradeStatus.Stopped)]
    [InlineData(UpgradeStatus.ForceStoppedSucceeded)]
    public void Maintenance_ZeroDowntime_HasNoMaintenanceInformation_R_TIME_6(UpgradeStatus status)
    {
        var end = status == UpgradeStatus.Upgrading ? (Instant?)null : At(50);
        var record = Record(status, UpgradeMode.ZeroDowntime, upgradeStart: At(10), upgradeEnd: end);

        Assert.Null(UpgradeTimes.Maintenance(record));
        Assert.Equal(At(10), UpgradeTimes.Upgrade(record).Start);
    }

    [Fact]
    public void Maintenance_FailedStillInMaintenanceMode_EndUnknownUntilReported()
    {
        var failed = Record(UpgradeStatus.Failed, upgradeStart: At(0), upgradeEnd: At(20), maintenanceStart: At(0));

        Assert.Equal(new TimeRange(At(0), null, null), UpgradeTimes.Maintenance(failed));
        Assert.Equal(new TimeRange(At(0), At(25), Duration.FromMinutes(25)),
            UpgradeTimes.Maintenance(failed with { MaintenanceEndedAt = At(25) }));
    }

    /// <summary>Property (c): whatever the status and mode, a start never follows its end and a total is never negative.</summary>
    [Property(MaxTest = 300)]
    public Property Times_AnyRecord_StartNotAfterEndAndTotalNeverNegative_R_TIME_2()
    {
        var gen = from status in Gen.Elements(Enum.GetValues<UpgradeStatus>())
                  from mode in Gen.Elements(UpgradeMode.Maintenance, UpgradeMode.ZeroDowntime)
                  from start in Gen.Choose(0, 1_000_000)
                  from upgradeLength in Gen.Choose(0, 1_000_000)
                  from maintenanceLength in Gen.Choose(0, 1_000_000)
                  from hasEnd in Gen.Elements(true, false)
                  select Record(status, mode,
                      upgradeStart: T0 + Duration.FromSeconds(start),
                      upgradeEnd: hasEnd ? T0 + Duration.FromSeconds(start + upgradeLength) : null,
                      maintenanceStart: mode == UpgradeMode.Maintenance ? T0 + Duration.FromSeconds(start) : null,
                      maintenanceEnd: mode == UpgradeMode.Maintenance && hasEnd ? T0 + Duration.FromSeconds(start + maintenanceLength) : null);
        return Prop.ForAll(gen.ToArbitrary(), record =>
        {
            var ranges = new[] { UpgradeTimes.Upgrade(record), UpgradeTimes.Maintenance(record) ?? TimeRange.None };
            return ranges.All(r =>
                (r.Total is null || r.Total >= Duration.Zero)
                && (r.Start is not { } s || r.End is not { } e || (s <= e && r.Total == e - s))
                && (r.Total is null) == (r.Start is null || r.End is null));
        });
    }
}
