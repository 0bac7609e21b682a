using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Downloads;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Support;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Service;

/// <summary>Host-configurable rules seen through the service: the list, the available actions and the operations agree.</summary>
public class UpgradeCommandsRulesTests
{
    private static UpgradeKitOptions ViewLogAlsoWhenFailed() => new()
    {
        Rules = new LifecycleRuleOptions { ViewLogStatuses = [.. LifecycleRuleOptions.DefaultViewLogStatuses, UpgradeStatus.Failed] },
    };

    [Fact]
    public async Task ViewLog_HostWidensItToUpgradeFailed_OfferedInTheListInTheActionsAndThroughViewLogAsync_R_RULE_1()
    {
        var h = new ServiceHarness(ViewLogAlsoWhenFailed());
        var failed = await h.InStatusAsync(UpgradeStatus.Failed);

        var row = (await h.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), TestOperators.Ordinary, DisplayContext.Default)).Rows.Single();
        var actions = await h.Service.Queries.GetAvailableActionsAsync(failed.Id, TestOperators.Ordinary);
        var panel = await h.Service.Queries.ViewLogAsync(failed.Id, TestOperators.Ordinary, DisplayContext.Default);

        Assert.True(row.Actions.Single(a => a.Action == UpgradeAction.ViewLog).Offered);
        Assert.True(actions.IsOffered(UpgradeAction.ViewLog));
        Assert.Equal(failed.Id, panel.Id);
        Assert.True(panel.ConfigurationFile.Downloadable, "the download follows View log (SPEC §7)");
        using var file = new MemoryStream();
        var receipt = await h.Service.Queries.DownloadConfigurationAsync(failed.Id, TestOperators.Ordinary, new FixedEncryptor(), file);
        Assert.Equal("upgrade.yaml", receipt.FileName);
    }

    [Fact]
    public async Task ViewLog_DefaultRules_UpgradeFailedIsNeitherOfferedNorAccepted_R_ACT_2()
    {
        var h = new ServiceHarness();
        var failed = await h.InStatusAsync(UpgradeStatus.Failed);

        var actions = await h.Service.Queries.GetAvailableActionsAsync(failed.Id, TestOperators.Ordinary);
        var refused = await Assert.ThrowsAsync<OperationNotPermittedException>(() => h.Service.Queries.ViewLogAsync(failed.Id, TestOperators.Ordinary, DisplayContext.Default));

        Assert.False(actions.IsOffered(UpgradeAction.ViewLog));
        Assert.Equal(ActionReasonCode.StatusNotEligible, actions[UpgradeAction.ViewLog].Reason);
        Assert.Equal(ActionReasonCode.StatusNotEligible, refused.Reason);
    }

    [Fact]
    public async Task ViewLog_HostNarrowsIt_StoppedNoLongerOfferedNorAccepted_R_RULE_1()
    {
        var h = new ServiceHarness(new UpgradeKitOptions { Rules = new LifecycleRuleOptions { ViewLogStatuses = [UpgradeStatus.Succeeded] } });
        var stopped = await h.InStatusAsync(UpgradeStatus.Stopped);

        Assert.False((await h.Service.Queries.GetAvailableActionsAsync(stopped.Id, TestOperators.Ordinary)).IsOffered(UpgradeAction.ViewLog));
        await Assert.ThrowsAsync<OperationNotPermittedException>(() => h.Service.Queries.ViewLogAsync(stopped.Id, TestOperators.Ordinary, DisplayContext.Default));
    }

    [Theory]
    [InlineData(StopWindowReading.Literal, true)]
    [InlineData(StopWindowReading.Strict, false)]
    public async Task Stop_AfterOnlyTheForceStopTaskRan_FollowsTheHostsReading_R_RULE_1(StopWindowReading reading, bool accepted)
    {
        var h = new ServiceHarness(new UpgradeKitOptions { Rules = new LifecycleRuleOptions { StopWindow = reading } });
        var upgrading = await h.InStatusAsync(UpgradeStatus.Upgrading);
        await h.Service.HostReports.ReportProgressAsync(upgrading.Id, new ProgressReport { ForceStopTaskRan = true });

        var offered = (await h.Service.Queries.GetAvailableActionsAsync(upgrading.Id, TestOperators.Ordinary))[UpgradeAction.Stop];
        var stop = () => h.Service.Commands.StopAsync(upgrading.Id, TestOperators.Ordinary, new StopOptions(false));

        Assert.Equal(accepted, offered.IsOffered);
        if (accepted)
        {
            Assert.Equal(UpgradeStatus.Stopped, (await stop()).Status);
        }
        else
        {
            Assert.Equal(ActionReasonCode.StopWindowClosed, offered.Reason);
            Assert.Equal(ActionReasonCode.StopWindowClosed, (await Assert.ThrowsAsync<OperationNotPermittedException>(stop)).Reason);
        }
    }

    [Fact]
    public async Task Cancel_WithoutConfiguration_HostKeepsTheRecordAsCanceled_R_RULE_1()
    {
        var h = new ServiceHarness(new UpgradeKitOptions { Rules = new LifecycleRuleOptions { RemoveCanceledWithoutConfiguration = false } });
        var record = await h.CreateAsync();

        var outcome = await h.Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary);

        Assert.False(outcome.Removed);
        Assert.Equal(UpgradeStatus.Canceled, outcome.Record!.Status);
        Assert.Equal(UpgradeStatus.Canceled, (await h.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task Cancel_WithoutConfiguration_DefaultRulesRemoveTheRecord_R_REC_2()
    {
        var h = new ServiceHarness();
        var record = await h.CreateAsync();

        var outcome = await h.Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary);

        Assert.True(outcome.Removed);
        Assert.Null(await h.Service.Queries.FindAsync(record.Id));
    }

    [Fact]
    public async Task Policy_GivenToTheService_IsTheOneItAnswersWith_R_RULE_2()
    {
        var decorator = new RewordingPolicy(new ActionEligibilityPolicy());
        var store = new InMemoryUpgradeStore();
        var service = new UpgradeKitFeatures(store, new NodaTime.Testing.FakeClock(ServiceHarness.T0), policy: decorator);
        var record = await service.Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);

        var actions = await service.Queries.GetAvailableActionsAsync(record.Id, TestOperators.Ordinary);
        var row = (await service.Queries.ListRowsAsync(new UpgradeRecordQuery(), TestOperators.Ordinary, DisplayContext.Default)).Rows.Single();

        Assert.Same(decorator, service.Queries.Policy);
        Assert.Equal(2, decorator.Calls);
        Assert.Equal(RewordingPolicy.Sentence, actions[UpgradeAction.Complete].Explanation);
        Assert.Equal(RewordingPolicy.Sentence, row.Actions.Single(a => a.Action == UpgradeAction.Complete).Explanation);
    }

    [Fact]
    public void Constructor_InvalidRules_ListsEveryProblem_R_RULE_1()
    {
        var options = new UpgradeKitOptions
        {
            Rules = new LifecycleRuleOptions { ViewLogStatuses = [UpgradeStatus.Succeeded, (UpgradeStatus)42], StopWindow = (StopWindowReading)7 },
        };

        var ex = Assert.Throws<ArgumentException>(() => new ServiceHarness(options));

        Assert.Contains("ViewLogStatuses holds 42", ex.Message, StringComparison.Ordinal);
        Assert.Contains("StopWindow must be Literal or Strict", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A host's decorator: rewords every explanation, counts the questions, changes nothing that is offered.</summary>
    internal sealed class RewordingPolicy(IActionEligibilityPolicy inner) : IActionEligibilityPolicy
    {
        public const string Sentence = "Ask your O&M team.";
        private int _calls;

        public int Calls => _calls;

        public ActionEligibilitySet Evaluate(UpgradeRecord record, OperatorIdentity actor, CultureInfo? culture = null)
        {
            Interlocked.Increment(ref _calls);
            return ActionEligibilitySet.Create(inner.Evaluate(record, actor, culture).Select(a => a.IsOffered ? a : a with { Explanation = Sentence }));
        }
    }

    private sealed class FixedEncryptor : IConfigurationEncryptor
    {
        public string Encrypt(ConfigurationFile configuration, Stream destination)
        {
            destination.Write(configuration.Content.Span);
            return new string('0', 64);
        }
    }
}
