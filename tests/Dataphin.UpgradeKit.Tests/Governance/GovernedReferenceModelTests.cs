using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Testing.Model;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Governance;

/// <summary>The testing kit's reference model states the reason rule on its own terms (R-GOV-1).</summary>
public class GovernedReferenceModelTests
{
    // One engineer force-stops alone: these tests are about the force-stop's own preconditions, not the two-person rule (R-GOV-2).
    private static readonly ModelRules Alone = ModelRules.From(new LifecycleRuleOptions { ApprovalRequiredFor = [] });

    private static readonly OperatorIdentity Olga = new("olga", "Olga", ["OmEngineer"]);

    private static ModelRecord Upgrading() => new()
    {
        Status = UpgradeStatus.Upgrading,
        Mode = UpgradeMode.Maintenance,
        Version = 3,
        UpgradeStartedAt = Instant.FromUtc(2026, 12, 6, 8, 0),
        MaintenanceStartedAt = Instant.FromUtc(2026, 12, 6, 8, 0),
    };

    [Theory]
    [InlineData(UpgradeOperation.ForceStop, null, ActionReasonCode.ReasonRequired)]
    [InlineData(UpgradeOperation.ForceStop, "done by hand", ActionReasonCode.None)]
    [InlineData(UpgradeOperation.Stop, null, ActionReasonCode.None)]
    public void Refusal_DefaultRules_ForceStopAloneNeedsAReason_R_GOV_1(UpgradeOperation operation, string? reason, ActionReasonCode expected)
    {
        var request = new ModelRequest { Operation = operation, Operator = Olga, DeclaredResult = ForceStopResult.Failed, DeclarationAccepted = true, Reason = reason };

        Assert.Equal(expected, ReferenceModel.Refusal(Upgrading(), request, operatorQualified: true, Alone));
    }

    [Fact]
    public void Refusal_ReasonMissingAndDeclarationMissing_SaysTheDeclarationFirst_R_GOV_1()
    {
        var request = new ModelRequest { Operation = UpgradeOperation.ForceStop, Operator = Olga, DeclaredResult = ForceStopResult.Failed };

        Assert.Equal(ActionReasonCode.DeclarationRequired, ReferenceModel.Refusal(Upgrading(), request, operatorQualified: true, Alone));
    }

    [Fact]
    public void Decide_StopWithReason_AuditsAndNotifiesIt_R_GOV_1()
    {
        var now = Instant.FromUtc(2026, 12, 6, 9, 0);
        var request = new ModelRequest { Operation = UpgradeOperation.Stop, Operator = Olga, Reason = "window overran" };

        var outcome = ReferenceModel.Decide(Upgrading(), request, operatorQualified: true, now, ModelRules.Default);

        Assert.Equal("window overran", outcome.Audit!.OperatorReason);
        Assert.Equal("window overran", Assert.Single(outcome.Notifications).OperatorReason);
    }

    [Fact]
    public void From_HostOptions_ReadsTheReasonRule_R_GOV_1()
    {
        var rules = ModelRules.From(new LifecycleRuleOptions { ReasonRequiredFor = [UpgradeAction.Cancel, UpgradeAction.Stop] });

        Assert.Equal([UpgradeAction.Cancel, UpgradeAction.Stop], rules.ReasonRequiredFor.Order());
        Assert.Equal([UpgradeAction.ForceStop], ModelRules.From(null).ReasonRequiredFor);
    }
}
