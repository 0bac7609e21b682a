using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Lifecycle;

public class UpgradeLifecycleTests
{
    private static readonly UpgradeStatus[] DefaultViewLog =
        [UpgradeStatus.Succeeded, UpgradeStatus.Stopped, UpgradeStatus.ForceStoppedSucceeded, UpgradeStatus.ForceStoppedFailed];

    private static readonly UpgradeStatus[] AllStatuses = Enum.GetValues<UpgradeStatus>();

    private static readonly Dictionary<string, UpgradeStatus[]> ViewLogSets = new()
    {
        ["none"] = [],
        ["default"] = DefaultViewLog,
        ["all"] = AllStatuses,
        ["default+Failed"] = [.. DefaultViewLog, UpgradeStatus.Failed],
        ["default+Canceled"] = [.. DefaultViewLog, UpgradeStatus.Canceled],
        ["not-default"] = [.. AllStatuses.Except(DefaultViewLog)],
    };

    /// <summary>
    /// Rules values in which every status is once in and once out of View log, under both Stop readings and both cancel
    /// choices (24 values). The machine configures each status on its own, so these reach every configuration a status
    /// can have; the R-ACT-2 property over generated rules values covers the rest of the space.
    /// </summary>
    public static TheoryData<string, StopWindowReading, bool> RuleValues()
    {
        var data = new TheoryData<string, StopWindowReading, bool>();
        foreach (var name in ViewLogSets.Keys)
        {
            foreach (var stop in Enum.GetValues<StopWindowReading>())
            {
                data.Add(name, stop, true);
                data.Add(name, stop, false);
            }
        }

        return data;
    }

    internal static LifecycleRules RulesOf(string viewLogSet, StopWindowReading stop, bool remove) =>
        LifecycleRules.From(new LifecycleRuleOptions { ViewLogStatuses = ViewLogSets[viewLogSet], StopWindow = stop, RemoveCanceledWithoutConfiguration = remove });

    [Theory]
    [MemberData(nameof(RuleValues))]
    public void Decide_EveryStatusOperationAndFactCombination_IsWhatTheStatelessMachineAnswersLive_R_ACT_2_R_RULE_2(
        string viewLogSet, StopWindowReading stop, bool remove)
    {
        var rules = RulesOf(viewLogSet, stop, remove);
        var table = LifecycleTable.For(rules);
        var live = new LifecycleMachine(rules);
        var checkedCount = 0;
        foreach (var status in Enum.GetValues<UpgradeStatus>())
        {
            foreach (var operation in Enum.GetValues<UpgradeOperation>())
            {
                foreach (var facts in LifecycleFacts.All)
                {
                    var compiled = table.Decide(status, operation, facts);
                    var canFire = live.Check(status, operation, facts);
                    var fired = live.Decide(status, operation, facts);

                    Assert.Equal(fired, compiled);
                    Assert.Equal(canFire == ActionReasonCode.None, compiled.IsPermitted);
                    Assert.Equal(canFire, compiled.Reason);
                    checkedCount++;
                }
            }
        }

        Assert.Same(table, LifecycleTable.For(rules));
        // statuses × operations × 9 flags (R-GOV-2 added 3: request pending, operator is the requester, operator is the creator) × results
        Assert.Equal(Enum.GetValues<UpgradeStatus>().Length * Enum.GetValues<UpgradeOperation>().Length * 512 * 3, checkedCount);
    }

    [Theory]
    [MemberData(nameof(RuleValues))]
    public void Decide_TerminalStatuses_NeverLeaveTheStatus_R_SM_1(string viewLogSet, StopWindowReading stop, bool remove)
    {
        var table = LifecycleTable.For(RulesOf(viewLogSet, stop, remove));
        foreach (var status in Enum.GetValues<UpgradeStatus>().Where(s => s.IsTerminal()))
        {
            foreach (var operation in Enum.GetValues<UpgradeOperation>())
            {
                foreach (var facts in LifecycleFacts.All)
                {
                    var decision = table.Decide(status, operation, facts);
                    Assert.Equal(status, decision.Destination);
                    Assert.False(decision.RemovesRecord);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(RuleValues))]
    public void Decide_ViewLogAndDownload_FollowTheRulesStatuses_AndTheDownloadNeedsASavedFile_R_RULE_1(
        string viewLogSet, StopWindowReading stop, bool remove)
    {
        var rules = RulesOf(viewLogSet, stop, remove);
        var table = LifecycleTable.For(rules);
        foreach (var status in Enum.GetValues<UpgradeStatus>())
        {
            foreach (var facts in LifecycleFacts.All)
            {
                var viewLog = table.Decide(status, UpgradeOperation.ViewLog, facts);
                var download = table.Decide(status, UpgradeOperation.DownloadConfiguration, facts);
                Assert.Equal(rules.OffersViewLog(status), viewLog.IsPermitted);
                Assert.Equal(rules.OffersViewLog(status) && facts.ConfigurationSaved, download.IsPermitted);
                if (rules.OffersViewLog(status) && !facts.ConfigurationSaved)
                {
                    Assert.Equal(ActionReasonCode.ConfigurationNotSaved, download.Reason);
                }
            }
        }
    }

    [Theory]
    [InlineData(StopWindowReading.Literal, false, false, true)]
    [InlineData(StopWindowReading.Literal, true, false, true)]
    [InlineData(StopWindowReading.Literal, false, true, true)]
    [InlineData(StopWindowReading.Literal, true, true, false)]
    [InlineData(StopWindowReading.Strict, false, false, true)]
    [InlineData(StopWindowReading.Strict, true, false, false)]
    [InlineData(StopWindowReading.Strict, false, true, false)]
    [InlineData(StopWindowReading.Strict, true, true, false)]
    public void Decide_Stop_FollowsTheStopWindowReading_R_RULE_1(StopWindowReading reading, bool taskRan, bool shutdownStarted, bool permitted)
    {
        var table = LifecycleTable.For(LifecycleRules.From(new LifecycleRuleOptions { StopWindow = reading }));
        var facts = new LifecycleFacts(taskRan, shutdownStarted, false, false, false, false, null);

        var decision = table.Decide(UpgradeStatus.Upgrading, UpgradeOperation.Stop, facts);

        Assert.Equal(permitted, decision.IsPermitted);
        Assert.Equal(permitted ? ActionReasonCode.None : ActionReasonCode.StopWindowClosed, decision.Reason);
    }

    [Theory]
    [InlineData(true, false, true, UpgradeStatus.Configuring)]
    [InlineData(true, true, false, UpgradeStatus.Canceled)]
    [InlineData(false, false, false, UpgradeStatus.Canceled)]
    [InlineData(false, true, false, UpgradeStatus.Canceled)]
    public void Decide_Cancel_RemovesOnlyWithoutConfigurationAndOnlyWhenTheRuleSaysSo_R_REC_2_R_RULE_1(
        bool removeRule, bool configurationSaved, bool removes, UpgradeStatus destination)
    {
        var table = LifecycleTable.For(LifecycleRules.From(new LifecycleRuleOptions { RemoveCanceledWithoutConfiguration = removeRule }));
        var facts = new LifecycleFacts(false, false, false, configurationSaved, false, false, null);

        var decision = table.Decide(UpgradeStatus.Configuring, UpgradeOperation.Cancel, facts);

        Assert.True(decision.IsPermitted);
        Assert.Equal(removes, decision.RemovesRecord);
        Assert.Equal(destination, decision.Destination);
    }

    [Fact]
    public void Rules_SameChoicesInAnyOrderOrRepeated_AreOneValueWithOneTable()
    {
        var a = LifecycleRules.From(new LifecycleRuleOptions { ViewLogStatuses = [UpgradeStatus.Failed, UpgradeStatus.Succeeded, UpgradeStatus.Failed] });
        var b = LifecycleRules.From(new LifecycleRuleOptions { ViewLogStatuses = [UpgradeStatus.Succeeded, UpgradeStatus.Failed] });

        Assert.Equal(a, b);
        Assert.Same(LifecycleTable.For(a), LifecycleTable.For(b));
        Assert.Equal(LifecycleRules.Default, LifecycleRules.From(new LifecycleRuleOptions { ViewLogStatuses = [.. LifecycleRuleOptions.DefaultViewLogStatuses] }));
        Assert.NotEqual(LifecycleRules.Default, a);
    }

    [Fact]
    public void EnumOrdinals_AreDenseWhateverTheNumbering()
    {
        Assert.Equal(Enumerable.Range(0, 9), Enum.GetValues<UpgradeStatus>().Select(EnumOrdinals<UpgradeStatus>.Of));
        Assert.Equal(Enumerable.Range(0, 2), Enum.GetValues<ForceStopResult>().Select(EnumOrdinals<ForceStopResult>.Of));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnumOrdinals<UpgradeStatus>.Of((UpgradeStatus)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnumOrdinals<UpgradeStatus>.Of((UpgradeStatus)(-3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnumOrdinals<UpgradeStatus>.Of((UpgradeStatus)5000));
    }
}
