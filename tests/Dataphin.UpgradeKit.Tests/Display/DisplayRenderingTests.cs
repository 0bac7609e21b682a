using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Projections;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Display;

/// <summary>R-DISP-1 and R-TIME-10: the same record rendered in English and Chinese, in two time zones.</summary>
public class DisplayRenderingTests
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static async Task<(RecordListRow Row, ViewLogPanel Log)> RenderAsync(DateTimeZone zone, CultureInfo culture)
    {
        var scenario = ProjectionScenario.Create();
        var id = await scenario.SucceededUpgradeAsync();
        var display = new DisplayContext(zone, culture);
        var row = (await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), ProjectionScenario.Alice, display)).Rows.Single();
        return (row, await scenario.Service.Queries.ViewLogAsync(id, ProjectionScenario.Alice, display));
    }

    [Fact]
    public async Task Render_BerlinAcrossSpringForward_LocalTimesJumpDurationIsElapsed_R_TIME_10()
    {
        // 00:30Z is 01:30 CET; 02:15Z is 04:15 CEST: the wall clock moved 2h45 but 1h45 elapsed.
        var (row, log) = await RenderAsync(Berlin, En);

        Assert.Equal("2026-03-29 01:30:00", row.UpgradeStart);
        Assert.Equal("001:45:00", row.UpgradeDuration);
        Assert.Equal("2026-03-29 04:15:00", log.Upgrade.End);
        Assert.Equal("001:45:00", log.Upgrade.Total);
        var stop = log.Timeline!.Single(n => n.Node == TimelineNodeKind.StopServices);
        Assert.Equal("2026-03-29 01:31:00 ~ 2026-03-29 01:34:00", stop.Text);
        var dss = log.Timeline!.Single(n => n.Node == TimelineNodeKind.DataServiceStudioUpgrade);
        Assert.Equal("2026-03-29 03:31:00 ~ 2026-03-29 03:50:00", dss.Text);
    }

    [Fact]
    public async Task Render_Shanghai_TimesInUtcPlusEight_R_TIME_10()
    {
        var (row, log) = await RenderAsync(Shanghai, ZhCn);

        Assert.Equal("2026-03-29 08:30:00", row.UpgradeStart);
        Assert.Equal("2026-03-29 08:30:00", row.MaintenanceStart);
        Assert.Equal("2026-03-29 10:15:00", log.Upgrade.End);
        Assert.Equal("001:45:00", row.MaintenanceDuration);
    }

    [Fact]
    public async Task Render_English_PageWording_R_DISP_1()
    {
        var (row, log) = await RenderAsync(Berlin, En);

        Assert.Equal("Upgrade Succeeded", row.Status.Name);
        Assert.Equal("Maintenance upgrade", row.Mode.Name);
        Assert.Equal(
            ["Resume upgrade", "Resume verification", "Cancel upgrade", "Stop upgrade", "Force-stop upgrade", "Complete upgrade", "View log",
                "Request force-stop", "Approve force-stop", "Reject force-stop", "Withdraw force-stop request"],
            row.Actions.Select(a => a.Name));
        Assert.Equal("Only records with status Configuring support canceling the upgrade.",
            row.Actions.Single(a => a.Action == UpgradeAction.Cancel).Explanation);
        Assert.Equal(
            ["Stop services", "Database backup", "Upgrade services", "Data update", "DataService Studio upgrade"],
            log.Timeline!.Select(n => n.Name));
        Assert.Equal(["Success", "Skipped"], log.Timeline!.Single(n => n.Node == TimelineNodeKind.DataUpdate).Tasks.Select(t => t.Status.Name));
        Assert.Equal("Upgrade together", log.DataServiceStudioMode.Name);
    }

    [Fact]
    public async Task Render_Chinese_ShippedTranslation_R_DISP_1()
    {
        var (row, log) = await RenderAsync(Berlin, ZhCn);

        Assert.Equal("升级成功", row.Status.Name);
        Assert.Equal("停机维护升级", row.Mode.Name);
        Assert.Equal("查看日志", row.Actions.Single(a => a.Action == UpgradeAction.ViewLog).Name);
        Assert.Equal("仅状态为配置中的记录支持取消升级。", row.Actions.Single(a => a.Action == UpgradeAction.Cancel).Explanation);
        Assert.Equal(["停止服务", "数据库备份", "升级服务", "数据更新", "数据服务升级"], log.Timeline!.Select(n => n.Name));
        Assert.Equal(["成功", "已跳过"], log.Timeline!.Single(n => n.Node == TimelineNodeKind.DataUpdate).Tasks.Select(t => t.Status.Name));
        Assert.Equal("一起升级", log.DataServiceStudioMode.Name);

        // Codes and times do not depend on the language.
        var (enRow, enLog) = await RenderAsync(Berlin, En);
        Assert.Equal(enRow.UpgradeStart, row.UpgradeStart);
        Assert.Equal(enRow.Status.Code, row.Status.Code);
        Assert.Equal(enLog.Timeline!.Select(n => n.Text), log.Timeline!.Select(n => n.Text));
    }

    [Fact]
    public void TimelineTexts_EveryValueTranslatedIntoChinese_R_DISP_1()
    {
        // The resource manager falls back to English silently; a missing translation shows as an English text here.
        foreach (var node in Enum.GetValues<TimelineNodeKind>())
        {
            Assert.NotEqual(TimelineDisplayText.Node(node, En), TimelineDisplayText.Node(node, ZhCn));
        }

        foreach (var status in Enum.GetValues<DataUpdateTaskStatus>())
        {
            Assert.NotEqual(TimelineDisplayText.TaskStatus(status, En), TimelineDisplayText.TaskStatus(status, ZhCn));
        }

        foreach (var state in Enum.GetValues<TimelineNodeState>())
        {
            Assert.NotEqual(TimelineDisplayText.NodeState(state, En), TimelineDisplayText.NodeState(state, ZhCn));
        }
    }

    [Fact]
    public void DisplayContext_HostPattern_UsedForEveryTime_R_TIME_10()
    {
        var display = new DisplayContext(Berlin, En, "dd/MM/uuuu HH:mm o<g>");

        Assert.Equal("29/03/2026 01:30 +01", display.FormatTime(Instant.FromUtc(2026, 3, 29, 0, 30)));
        Assert.Equal("29/03/2026 03:30 +02", display.FormatTime(Instant.FromUtc(2026, 3, 29, 1, 30)));
        Assert.Equal("-", display.FormatTime((Instant?)null));
    }

    [Fact]
    public void DisplayContext_InvalidPattern_ArgumentError() =>
        Assert.Throws<ArgumentException>(() => new DisplayContext(Berlin, En, "uuuu-MM-dd HH:mm:ss q"));
}
