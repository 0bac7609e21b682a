using System.Text.Json;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Projections;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Projections;

/// <summary>
/// The raw values beside the display texts: a missing time or duration is null where its text is <c>-</c>, a duration
/// is also given in seconds, and its state tells "running" from "does not apply" and "never recorded". Expected values
/// are worked out from the rules and the records' times, not read from the code.
/// </summary>
public partial class RecordProjectionsTests
{
    private static RecordListRow Row(UpgradeRecord record) =>
        RecordProjections.ToListRow(record, new ActionEligibilityPolicy().Evaluate(record, ProjectionScenario.Alice), DisplayContext.Default);

    private static ViewLogPanel Panel(UpgradeRecord record) =>
        RecordProjections.ToViewLog(record, [], DisplayContext.Default, OneSecond, configurationDownloadable: false);

    private static JsonElement Json<T>(T value) => JsonDocument.Parse(JsonSerializer.Serialize(value, UpgradeKitJson.Options)).RootElement;

    [Fact]
    public void ToListRow_Succeeded_DurationsInSecondsBesideTheText_R_LIST_1()
    {
        // Upgrade 00:30:00 → 00:45:30 is 15 min 30 s = 930 s; maintenance 00:30:00 → 00:40:00 is 600 s.
        var record = Record(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: At(45, 30), maintenanceStart: At(30), maintenanceEnd: At(40));

        var row = Row(record);

        Assert.Equal(("000:15:30", 930L, DurationState.Known), (row.UpgradeDuration, row.UpgradeDurationSeconds, row.UpgradeDurationState));
        Assert.Equal(("000:10:00", 600L, DurationState.Known), (row.MaintenanceDuration, row.MaintenanceDurationSeconds, row.MaintenanceDurationState));
        Assert.Equal(At(30), row.UpgradeStartedAt);
    }

    [Fact]
    public void ToListRow_SubSecondDuration_SecondsTruncatedLikeTheText_R_TIME_1()
    {
        var record = Record(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: At(30, 5) + Duration.FromMilliseconds(999));

        var row = Row(record);

        Assert.Equal(("000:00:05", 5L), (row.UpgradeDuration, row.UpgradeDurationSeconds));
    }

    [Fact]
    public void ToListRow_Canceled_RawTimesAndDurationsNullNotApplicable_R_TIME_3()
    {
        // Even with times on the record, a cancelled record shows none (R-TIME-3).
        var record = Record(UpgradeStatus.Canceled, upgradeStart: At(30), maintenanceStart: At(30));

        var row = Row(record);

        Assert.Equal(("-", "-", "-", "-"), (row.UpgradeStart, row.UpgradeDuration, row.MaintenanceStart, row.MaintenanceDuration));
        Assert.Null(row.UpgradeStartedAt);
        Assert.Null(row.MaintenanceStartedAt);
        Assert.Equal((null, DurationState.NotApplicable), (row.UpgradeDurationSeconds, row.UpgradeDurationState));
        Assert.Equal((null, DurationState.NotApplicable), (row.MaintenanceDurationSeconds, row.MaintenanceDurationState));
    }

    [Fact]
    public void ToViewLog_Canceled_RawValuesNullNotApplicable_R_TIME_3()
    {
        var panel = Panel(Record(UpgradeStatus.Canceled, upgradeStart: At(30), maintenanceStart: At(30)));

        foreach (var range in new[] { panel.Upgrade, panel.Maintenance! })
        {
            Assert.Equal(("-", "-", "-"), (range.Start, range.End, range.Total));
            Assert.Equal((null, null, null, DurationState.NotApplicable), (range.StartedAt, range.EndedAt, range.TotalSeconds, range.State));
        }
    }

    [Fact]
    public void ToListRow_ForceStopped_UpgradeTotalKnownMaintenanceUnknown_R_TIME_4()
    {
        // Upgrade end = when the force-stop completed (01:15): 45 min = 2700 s. Maintenance end stays unknown even if the
        // record holds one, and it is not running either: the record is finished.
        var record = Record(UpgradeStatus.ForceStoppedFailed, upgradeStart: At(30), upgradeEnd: At(75), maintenanceStart: At(30), maintenanceEnd: At(80));

        var row = Row(record);

        Assert.Equal(("000:45:00", 2700L, DurationState.Known), (row.UpgradeDuration, row.UpgradeDurationSeconds, row.UpgradeDurationState));
        Assert.Equal(("-", (long?)null, DurationState.Unknown), (row.MaintenanceDuration, row.MaintenanceDurationSeconds, row.MaintenanceDurationState));
        Assert.Equal(At(30), row.MaintenanceStartedAt);
    }

    [Fact]
    public void ToViewLog_ForceStopped_MaintenanceEndNullAndUnknown_R_TIME_4()
    {
        var panel = Panel(Record(UpgradeStatus.ForceStoppedSucceeded, upgradeStart: At(30), upgradeEnd: At(75), maintenanceStart: At(30)));

        Assert.Equal((At(75), 2700L, DurationState.Known), (panel.Upgrade.EndedAt, panel.Upgrade.TotalSeconds, panel.Upgrade.State));
        Assert.Equal((At(30), null, "-", null, DurationState.Unknown),
            (panel.Maintenance!.StartedAt, panel.Maintenance.EndedAt, panel.Maintenance.End, panel.Maintenance.TotalSeconds, panel.Maintenance.State));
    }

    [Fact]
    public void ToListRow_StillRunning_RunningIsNotNotApplicable_R_TIME_5()
    {
        var running = Row(Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30)));
        var notStarted = Row(Record(UpgradeStatus.Configuring));

        // Both show "-" for the duration; only the raw state tells them apart.
        Assert.Equal(running.UpgradeDuration, notStarted.UpgradeDuration);
        Assert.Equal((At(30), null, DurationState.Running), (running.UpgradeStartedAt, running.UpgradeDurationSeconds, running.UpgradeDurationState));
        Assert.Equal((null, DurationState.Running), (running.MaintenanceDurationSeconds, running.MaintenanceDurationState));
        Assert.Equal((null, null, DurationState.NotApplicable), (notStarted.UpgradeStartedAt, notStarted.UpgradeDurationSeconds, notStarted.UpgradeDurationState));
    }

    [Fact]
    public void ToListRow_VerifyingAfterMaintenanceEnded_UpgradeRunningMaintenanceKnown_R_TIME_5()
    {
        // Maintenance mode ended at 01:00 (30 min = 1800 s) while the upgrade goes on into verification.
        var row = Row(Record(UpgradeStatus.Verifying, upgradeStart: At(30), maintenanceStart: At(30), maintenanceEnd: At(60)));

        Assert.Equal((null, DurationState.Running), (row.UpgradeDurationSeconds, row.UpgradeDurationState));
        Assert.Equal(("000:30:00", 1800L, DurationState.Known), (row.MaintenanceDuration, row.MaintenanceDurationSeconds, row.MaintenanceDurationState));
    }

    [Fact]
    public void ToListRow_ZeroDowntime_MaintenanceNotApplicable_R_TIME_6()
    {
        var record = Record(UpgradeStatus.Succeeded, UpgradeMode.ZeroDowntime, upgradeStart: At(30), upgradeEnd: At(45, 30));

        var row = Row(record);
        var panel = Panel(record);

        Assert.Equal((null, null, DurationState.NotApplicable), (row.MaintenanceStartedAt, row.MaintenanceDurationSeconds, row.MaintenanceDurationState));
        Assert.Equal((930L, DurationState.Known), (row.UpgradeDurationSeconds, row.UpgradeDurationState));
        Assert.Null(panel.Maintenance);
    }

    [Fact]
    public void Json_RunningRow_NullRawValuesBesideDashTexts_R_LIST_1()
    {
        var json = Json(Row(Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30))));

        Assert.Equal("-", json.GetProperty("upgradeDuration").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("upgradeDurationSeconds").ValueKind);
        Assert.Equal("running", json.GetProperty("upgradeDurationState").GetString());
        Assert.Equal("2026-03-29T00:30:00Z", json.GetProperty("upgradeStartedAt").GetString());
        Assert.Equal("en", json.GetProperty("culture").GetString());
    }

    [Fact]
    public void Json_ViewLog_RawTotalsAndStates_R_LOG_1()
    {
        var canceled = Json(Panel(Record(UpgradeStatus.Canceled)));
        var succeeded = Json(Panel(Record(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: At(135), maintenanceStart: At(30), maintenanceEnd: At(135))));

        var upgrade = canceled.GetProperty("upgrade");
        Assert.Equal(("-", JsonValueKind.Null, JsonValueKind.Null, "notApplicable"),
            (upgrade.GetProperty("total").GetString(), upgrade.GetProperty("totalSeconds").ValueKind, upgrade.GetProperty("startedAt").ValueKind,
                upgrade.GetProperty("state").GetString()));
        // 00:30 → 02:15 = 105 min = 6300 s.
        Assert.Equal(6300, succeeded.GetProperty("upgrade").GetProperty("totalSeconds").GetInt64());
        Assert.Equal(6300, succeeded.GetProperty("maintenance").GetProperty("totalSeconds").GetInt64());
        Assert.Equal("known", succeeded.GetProperty("maintenance").GetProperty("state").GetString());
        Assert.Equal("en", succeeded.GetProperty("culture").GetString());
    }
}
