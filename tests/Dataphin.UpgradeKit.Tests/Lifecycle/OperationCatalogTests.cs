using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Projections;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Lifecycle;

/// <summary>
/// The catalog is the one home of the vocabulary: every operation has an entry with an effect, every action a route,
/// texts and an operation, and every status a facts row. Each test fails when a new value is added without its entry.
/// </summary>
public class OperationCatalogTests
{
    private static readonly string[] Methods = ["GET", "POST"];
    private static readonly string[] Answers = ["row", "removedOrRow", "resumePoint", "logPanel"];

    public static TheoryData<UpgradeOperation> Operations => [.. Enum.GetValues<UpgradeOperation>()];

    public static TheoryData<UpgradeAction> Actions => [.. Enum.GetValues<UpgradeAction>()];

    public static TheoryData<UpgradeStatus> Statuses => [.. Enum.GetValues<UpgradeStatus>()];

    [Theory]
    [MemberData(nameof(Operations))]
    public void Entry_EveryOperation_HasAnEffectAndANotification_R_SM_1(UpgradeOperation operation)
    {
        var entry = OperationCatalog.Of(operation);

        Assert.Equal(operation, entry.Operation);
        Assert.NotNull(entry.Effect);
        Assert.NotNull(entry.Notify);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void Entry_EveryAction_HasARouteTextsAndTheOperationItFires_R_ACT_1(UpgradeAction action)
    {
        var entry = ActionCatalog.Of(action);

        Assert.Equal(action, entry.Action);
        Assert.Same(entry, OperationCatalog.Of(entry.Operation).Action);
        Assert.Matches("^[a-z]+(-[a-z]+)*$", entry.Route);
        Assert.False(string.IsNullOrWhiteSpace(entry.EndpointName));
        Assert.DoesNotMatch(@"R-[A-Z]+-\d|SPEC", entry.Summary);
        Assert.False(string.IsNullOrWhiteSpace(DisplayText.Action(action)));
        Assert.Contains("{0}", UpgradeKitTexts.Default.GetString(entry.StatusReasonKey, TextCatalog.DefaultCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Routes_EveryActionHasItsOwn_R_ACT_1()
    {
        var routes = ActionCatalog.All.Select(e => (e.Method, e.Route)).ToList();

        Assert.Equal(Enum.GetValues<UpgradeAction>().Length, routes.Count);
        Assert.Equal(routes.Count, routes.Distinct().Count());
        Assert.Equal(UpgradeActions.All, ActionCatalog.All.Select(e => e.Action));
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void ActionView_EveryAction_CarriesWhatThePageNeedsToSendIt_R_ACT_1(UpgradeAction action)
    {
        var view = new ActionView { Action = action, Name = "name", Offered = true, Reason = ActionReasonCode.None, Explanation = string.Empty };

        Assert.Contains(view.Method, Methods);
        Assert.Equal(ActionCatalog.Of(action).Route, view.Path);
        Assert.Contains(view.Answer, Answers);
        Assert.True(view.Method == "POST" || (view.Dialog is null && !view.SendsVersion), "a GET has neither a dialog nor a body");
    }

    [Fact]
    public void ActionView_UndefinedAction_Throws_R_ACT_1()
    {
        var view = new ActionView { Action = (UpgradeAction)99, Name = "name", Offered = false, Reason = ActionReasonCode.StatusNotEligible, Explanation = string.Empty };

        Assert.Throws<ArgumentOutOfRangeException>(() => view.Path);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Facts_EveryStatus_HasARowThatAgreesWithTheMachine_R_SM_1(UpgradeStatus status)
    {
        var facts = UpgradeStatusFacts.Of(status);
        var table = LifecycleTable.Default;

        // A terminal status is left by no operation, whatever the facts (R-SM-1).
        var leaves = Enum.GetValues<UpgradeOperation>().Any(operation => LifecycleFacts.All.Any(f =>
            table.Decide(status, operation, f) is { IsPermitted: true } d && (d.Destination != status || d.RemovesRecord)));
        Assert.Equal(!facts.IsTerminal, leaves);
        Assert.Equal(facts.ViewLogByDefault, LifecycleRuleOptions.DefaultViewLogStatuses.Contains(status));
    }

    [Fact]
    public void Facts_UndefinedStatus_Throws_R_SM_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UpgradeStatusFacts.Of((UpgradeStatus)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((UpgradeStatus)42).IsTerminal());
    }

    [Fact]
    public void Operations_UndefinedOperation_Throws_R_SM_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OperationCatalog.Of((UpgradeOperation)99));
        Assert.False(UpgradeActions.TryFromOperation((UpgradeOperation)99, out _));
    }
}
