using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Display;

/// <summary>
/// The reason sentences say what the host's rules do (R-RULE-1, R-ACT-1): a host that widens View log or reads the
/// Stop window strictly gets sentences that list its statuses and its window, in English and in Chinese.
/// </summary>
public class ReasonSentencesFollowRulesTests
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");

    private static UpgradeRecord Record(UpgradeStatus status, bool forceStopTaskRan = false, bool shutdownStarted = false) => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(ServiceHarness.T0),
        TargetVersion = ProductVersion.Parse("5.0.0"),
        InitialVersion = ProductVersion.Parse("4.0.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = status,
        CreatedAt = ServiceHarness.T0,
        CreatedBy = "alice",
        ForceStopTaskRan = forceStopTaskRan,
        ApplicationShutdownStarted = shutdownStarted,
        Version = 1,
    }.ToRecord();

    private static string ViewLogReason(LifecycleRuleOptions? rules, CultureInfo culture) =>
        new ActionEligibilityPolicy(rules: rules).Evaluate(Record(UpgradeStatus.Canceled), TestOperators.Ordinary, culture)[UpgradeAction.ViewLog].Explanation;

    [Fact]
    public void ViewLogReason_DefaultRules_ListsTheSpecStatuses_R_RULE_1()
    {
        Assert.Equal(
            "Only records with status Upgrade Succeeded, Upgrade Stopped, Force-Stopped and Marked as Succeeded, or Force-Stopped and Marked as Failed support viewing logs.",
            ViewLogReason(null, En));
        Assert.Equal("仅状态为升级成功、升级已停止、已强制停止并标记为成功或已强制停止并标记为失败的记录支持查看日志。", ViewLogReason(null, ZhCn));
    }

    [Fact]
    public void ViewLogReason_HostWidensViewLogToFailed_SentenceListsUpgradeFailed_R_RULE_1()
    {
        var widened = new LifecycleRuleOptions { ViewLogStatuses = [.. LifecycleRuleOptions.DefaultViewLogStatuses, UpgradeStatus.Failed] };

        Assert.Equal(
            "Only records with status Upgrade Succeeded, Upgrade Failed, Upgrade Stopped, Force-Stopped and Marked as Succeeded, or Force-Stopped and Marked as Failed support viewing logs.",
            ViewLogReason(widened, En));
        Assert.Equal("仅状态为升级成功、升级失败、升级已停止、已强制停止并标记为成功或已强制停止并标记为失败的记录支持查看日志。", ViewLogReason(widened, ZhCn));
    }

    [Fact]
    public void ViewLogReason_HostNarrowsViewLog_SentenceListsOnlyItsStatuses_R_RULE_1()
    {
        Assert.Equal("Only records with status Upgrade Succeeded or Upgrade Stopped support viewing logs.",
            ViewLogReason(new LifecycleRuleOptions { ViewLogStatuses = [UpgradeStatus.Stopped, UpgradeStatus.Succeeded] }, En));
        Assert.Equal("View log is not offered for any record status.", ViewLogReason(new LifecycleRuleOptions { ViewLogStatuses = [] }, En));
        Assert.Equal("任何状态的记录均不支持查看日志。", ViewLogReason(new LifecycleRuleOptions { ViewLogStatuses = [] }, ZhCn));
    }

    [Theory]
    [InlineData(StopWindowReading.Literal, "en", "The upgrade can no longer be stopped: the force-stop task has run and application shutdown has started.")]
    [InlineData(StopWindowReading.Strict, "en", "The upgrade can no longer be stopped: the force-stop task has run or application shutdown has started.")]
    [InlineData(StopWindowReading.Literal, "zh-CN", "无法再停止升级：强制停止任务已运行且应用已开始停机。")]
    [InlineData(StopWindowReading.Strict, "zh-CN", "无法再停止升级：强制停止任务已运行或应用已开始停机。")]
    public void StopReason_WindowClosed_SaysHowTheHostReadsTheWindow_R_RULE_1(StopWindowReading reading, string culture, string expected)
    {
        var policy = new ActionEligibilityPolicy(rules: new LifecycleRuleOptions { StopWindow = reading });

        var stop = policy.Evaluate(Record(UpgradeStatus.Upgrading, forceStopTaskRan: true, shutdownStarted: true), TestOperators.Ordinary,
            CultureInfo.GetCultureInfo(culture))[UpgradeAction.Stop];

        Assert.Equal(ActionReasonCode.StopWindowClosed, stop.Reason);
        Assert.Equal(expected, stop.Explanation);
    }

    [Fact]
    public async Task RefusedViewLog_HostWidenedRules_ExceptionExplanationListsTheHostStatuses_R_RULE_1()
    {
        var h = new ServiceHarness(new UpgradeKitOptions { Rules = new LifecycleRuleOptions { ViewLogStatuses = [UpgradeStatus.Failed] } });
        var stopped = await h.InStatusAsync(UpgradeStatus.Stopped);

        var refused = await Assert.ThrowsAsync<OperationNotPermittedException>(
            () => h.Service.Queries.ViewLogAsync(stopped.Id, TestOperators.Ordinary, Dataphin.UpgradeKit.Projections.DisplayContext.Default));

        Assert.Equal("Only records with status Upgrade Failed support viewing logs.", refused.Explanation);
    }
}
