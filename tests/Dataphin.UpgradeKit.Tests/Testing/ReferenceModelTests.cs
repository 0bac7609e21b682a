using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Testing.Arbitraries;
using Dataphin.UpgradeKit.Testing.Model;
using FsCheck;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Testing;

/// <summary>
/// The reference model against the spec's own sentences (SPEC §3–§4), one vector each, so that a wrong model fails here
/// before it can agree with a wrong SDK.
/// </summary>
public sealed class ReferenceModelTests
{
    // One engineer force-stops alone: these tests are about the force-stop's own preconditions, not the two-person rule (R-GOV-2).
    private static readonly ModelRules Alone = ModelRules.From(new LifecycleRuleOptions { ApprovalRequiredFor = [] });

    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0, 0);
    private static readonly OperatorIdentity Alice = new("alice");

    private static ModelRecord Upgrading(UpgradeMode mode = UpgradeMode.Maintenance) => ModelRecord.Created(mode) with
    {
        Status = UpgradeStatus.Upgrading,
        Version = 2,
        UpgradeStartedAt = T0,
        MaintenanceStartedAt = mode == UpgradeMode.Maintenance ? T0 : null,
    };

    private static ModelOffer Offer(ModelRecord record, UpgradeAction action, bool qualified = false, ModelRules? rules = null) =>
        ReferenceModel.Offers(record, qualified, rules ?? ModelRules.Default).Single(o => o.Action == action);

    [Fact]
    public void Decide_StopWhileUpgrading_StopsEndsMaintenanceAndNotifiesTheChoice_R_SM_4()
    {
        var now = T0 + Duration.FromHours(1);
        var outcome = ReferenceModel.Decide(Upgrading(), new ModelRequest { Operation = UpgradeOperation.Stop, Operator = Alice, RerunForceStoppedInstances = true }, false, now, ModelRules.Default);

        Assert.Equal(ModelVerdict.Changed, outcome.Verdict);
        Assert.Equal(Upgrading() with { Status = UpgradeStatus.Stopped, Version = 3, UpgradeEndedAt = now, MaintenanceEndedAt = now, RerunForceStoppedInstances = true }, outcome.Record);
        Assert.Equal([new ModelNotification { Kind = ModelNotificationKind.Stopped, OccurredAt = now, RerunForceStoppedInstances = true, ExitMaintenanceMode = true }], outcome.Notifications);
        Assert.Equal(new ModelAudit
        {
            At = now,
            Actor = "alice",
            Operation = UpgradeOperation.Stop,
            Outcome = AuditOutcome.Accepted,
            StatusBefore = UpgradeStatus.Upgrading,
            StatusAfter = UpgradeStatus.Stopped,
            Reason = ActionReasonCode.None,
            RecordVersion = 3,
            Options = "rerunForceStoppedInstances=true",
        }, outcome.Audit);
    }

    [Fact]
    public void Decide_ForceStopDeclaredFailed_EndsUpgradeAndLeavesMaintenanceEndUnknown_R_SM_5_R_TIME_4()
    {
        var now = T0 + Duration.FromHours(2);
        var request = new ModelRequest { Operation = UpgradeOperation.ForceStop, Operator = Alice, DeclaredResult = ForceStopResult.Failed, DeclarationAccepted = true, Reason = "rolled back by hand" };

        var outcome = ReferenceModel.Decide(Upgrading(), request, true, now, Alone);

        Assert.Equal(UpgradeStatus.ForceStoppedFailed, outcome.Record!.Status);
        Assert.Equal(now, outcome.Record.UpgradeEndedAt);
        Assert.Null(outcome.Record.MaintenanceEndedAt);
    }

    [Theory]
    [InlineData(false, true, ForceStopResult.Succeeded, ActionReasonCode.OperatorNotQualified)]
    [InlineData(true, false, ForceStopResult.Succeeded, ActionReasonCode.DeclarationRequired)]
    [InlineData(true, true, null, ActionReasonCode.ForceStopResultRequired)]
    public void Refusal_ForceStopMissingOnePrecondition_SaysWhich_R_SM_5_R_ACT_3(bool qualified, bool declaration, ForceStopResult? result, ActionReasonCode expected)
    {
        var request = new ModelRequest { Operation = UpgradeOperation.ForceStop, Operator = Alice, DeclarationAccepted = declaration, DeclaredResult = result };

        Assert.Equal(expected, ReferenceModel.Refusal(Upgrading(), request, qualified, Alone));
    }

    [Theory]
    [InlineData(false, true, StopWindowReading.Literal, true)]
    [InlineData(true, true, StopWindowReading.Literal, false)]
    [InlineData(false, true, StopWindowReading.Strict, false)]
    [InlineData(false, false, StopWindowReading.Strict, true)]
    public void Offers_Stop_FollowsTheChosenReadingOfTheWindow_R_RULE_1(bool ran, bool shutdown, StopWindowReading reading, bool offered)
    {
        var rules = new ModelRules(ModelRules.Default.ViewLogStatuses, reading, true);
        var record = Upgrading() with { ForceStopTaskRan = ran, ApplicationShutdownStarted = shutdown };

        Assert.Equal(offered, Offer(record, UpgradeAction.Stop, rules: rules).IsOffered);
    }

    [Theory]
    [InlineData(UpgradeStatus.Succeeded, true)]
    [InlineData(UpgradeStatus.Stopped, true)]
    [InlineData(UpgradeStatus.ForceStoppedSucceeded, true)]
    [InlineData(UpgradeStatus.ForceStoppedFailed, true)]
    [InlineData(UpgradeStatus.Failed, false)]
    [InlineData(UpgradeStatus.Canceled, false)]
    [InlineData(UpgradeStatus.Upgrading, false)]
    public void Offers_ViewLogByDefault_OnlyThePagesFourStatuses_R_RULE_1(UpgradeStatus status, bool offered) =>
        Assert.Equal(offered, Offer(ModelRecord.Created(UpgradeMode.Maintenance) with { Status = status }, UpgradeAction.ViewLog).IsOffered);

    [Fact]
    public void Decide_CancelWithoutConfiguration_RemovesOrKeepsAsTheRulesSay_R_REC_2()
    {
        var created = ModelRecord.Created(UpgradeMode.ZeroDowntime);
        var cancel = new ModelRequest { Operation = UpgradeOperation.Cancel, Operator = Alice };

        Assert.Equal(ModelVerdict.Removed, ReferenceModel.Decide(created, cancel, false, T0, ModelRules.Default).Verdict);
        var keep = new ModelRules(ModelRules.Default.ViewLogStatuses, StopWindowReading.Literal, removeCanceledWithoutConfiguration: false);
        Assert.Equal(UpgradeStatus.Canceled, ReferenceModel.Decide(created, cancel, false, T0, keep).Record!.Status);
    }

    [Fact]
    public void Decide_CompleteBeforeTheStart_IsAnImpossibleTimeAndChangesNothing_R_TIME_2()
    {
        var verifying = Upgrading() with { Status = UpgradeStatus.Verifying, Version = 3 };

        var outcome = ReferenceModel.Decide(verifying, new ModelRequest { Operation = UpgradeOperation.Complete, Operator = Alice }, false, T0 - Duration.FromSeconds(1), ModelRules.Default);

        Assert.Equal(ModelVerdict.ImpossibleTime, outcome.Verdict);
        Assert.Equal(verifying, outcome.Record);
        Assert.Null(outcome.Audit);
    }

    [Theory]
    [InlineData(UpgradeStatus.Succeeded)]
    [InlineData(UpgradeStatus.Failed)]
    [InlineData(UpgradeStatus.Stopped)]
    [InlineData(UpgradeStatus.ForceStoppedSucceeded)]
    [InlineData(UpgradeStatus.ForceStoppedFailed)]
    [InlineData(UpgradeStatus.Canceled)]
    public void Decide_TerminalStatus_NoRequestLeavesIt_R_SM_1(UpgradeStatus status)
    {
        var record = ModelRecord.Created(UpgradeMode.Maintenance) with { Status = status };
        foreach (var operation in Enum.GetValues<UpgradeOperation>().Except([UpgradeOperation.Create, UpgradeOperation.ViewLog, UpgradeOperation.DownloadConfiguration]))
        {
            var outcome = ReferenceModel.Decide(record, new ModelRequest { Operation = operation, Operator = Alice, DeclaredResult = ForceStopResult.Succeeded, DeclarationAccepted = true }, true, T0, ModelRules.Default);
            Assert.Equal(status, outcome.Record!.Status);
        }
    }

    [Fact]
    public void WithReplay_SeedAsFsCheckPrintsIt_ReplaysThatSeed()
    {
        var config = KitCheck.WithReplay(Config.QuickThrowOnFailure, "(634148371801421750, 7597935404305765521)");

        Assert.Equal(634148371801421750UL, config.Replay.Value.Rnd.Seed);
        Assert.Equal(7597935404305765521UL, config.Replay.Value.Rnd.Gamma);
        Assert.Throws<FormatException>(() => KitCheck.WithReplay(Config.QuickThrowOnFailure, "not a seed"));
    }
}
