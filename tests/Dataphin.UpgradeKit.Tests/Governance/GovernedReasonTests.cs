using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Tests.Support;
using System.Globalization;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Governance;

/// <summary>Reasons on Stop, Force-stop and Cancel, and the declaration on record, through the commands (R-GOV-1, R-GOV-3).</summary>
public class GovernedReasonTests
{
    private static readonly OperatorReason Reason = OperatorReason.Parse("Finished the rollback by hand after the backup failed");

    [Fact]
    public async Task ForceStop_WithoutReason_IsRefusedAuditedAndChangesNothing_R_GOV_1()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);

        var refused = await Assert.ThrowsAsync<OperationNotPermittedException>(() =>
            h.Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer, new ForceStopRequest(ForceStopResult.Failed, true)));

        Assert.Equal(ActionReasonCode.ReasonRequired, refused.Reason);
        Assert.Equal(record, await h.Service.Queries.GetAsync(record.Id));
        var audit = (await h.Service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal((UpgradeOperation.ForceStop, AuditOutcome.Refused, ActionReasonCode.ReasonRequired), (audit.Operation, audit.Outcome, audit.Reason));
        Assert.Empty(await h.Store.ReadPendingAsync(10));
    }

    [Fact]
    public async Task ForceStop_NotQualifiedAndWithoutReason_IsRefusedForTheQualificationFirst_R_GOV_1_R_ACT_3()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);

        var refused = await Assert.ThrowsAsync<OperationNotPermittedException>(() =>
            h.Service.Commands.ForceStopAsync(record.Id, TestOperators.Ordinary, new ForceStopRequest(ForceStopResult.Failed, true)));

        Assert.Equal(ActionReasonCode.OperatorNotQualified, refused.Reason);
    }

    [Fact]
    public async Task ForceStop_WithReasonAndDeclaration_RecordsBothAndNotifiesTheReason_R_GOV_1_R_GOV_3()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);
        var declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("zh-CN"));

        await h.Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer,
            new ForceStopRequest(ForceStopResult.Failed, true) { Reason = Reason, Declaration = declaration });

        var audit = (await h.Service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal(AuditOutcome.Accepted, audit.Outcome);
        Assert.Equal(Reason.Text, audit.OperatorReason);
        Assert.Equal(declaration, audit.Declaration);
        Assert.Equal("zh-CN", audit.Declaration!.Language);
        Assert.Contains("强制停止", audit.Declaration.Text, StringComparison.Ordinal);
        await h.Service.Delivery.DeliverPendingNotificationsAsync();
        var notification = Assert.IsType<UpgradeForceStoppedNotification>(Assert.Single(h.Handler.Received));
        Assert.Equal(Reason.Text, notification.OperatorReason);
    }

    [Fact]
    public async Task Stop_ReasonGivenThoughNotRequired_IsRecordedAndNotified_R_GOV_1()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);

        await h.Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(true) { Reason = Reason });

        Assert.Equal(Reason.Text, (await h.Service.Queries.GetAuditTrailAsync(record.Id))[^1].OperatorReason);
        await h.Service.Delivery.DeliverPendingNotificationsAsync();
        var notification = Assert.IsType<UpgradeStoppedNotification>(Assert.Single(h.Handler.Received));
        Assert.Equal(Reason.Text, notification.OperatorReason);
    }

    [Fact]
    public async Task Stop_HostRequiresReason_WithoutOneIsRefused_R_GOV_1_R_RULE_1()
    {
        var h = new ServiceHarness(new UpgradeKitOptions { Rules = new LifecycleRuleOptions { ReasonRequiredFor = [UpgradeAction.Stop] } });
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);

        var refused = await Assert.ThrowsAsync<OperationNotPermittedException>(() =>
            h.Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(false)));

        Assert.Equal(ActionReasonCode.ReasonRequired, refused.Reason);
        Assert.False(string.IsNullOrWhiteSpace(refused.Explanation));
        var stopped = await h.Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(false) { Reason = Reason });
        Assert.Equal(UpgradeStatus.Stopped, stopped.Status);
    }

    [Fact]
    public async Task ForceStop_HostRequiresNoReason_IsAcceptedWithout_R_GOV_1_R_RULE_1()
    {
        var h = new ServiceHarness(new UpgradeKitOptions { Rules = new LifecycleRuleOptions { ReasonRequiredFor = [], ApprovalRequiredFor = [] } });
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);

        var stopped = await h.Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer, new ForceStopRequest(ForceStopResult.Succeeded, true));

        Assert.Equal(UpgradeStatus.ForceStoppedSucceeded, stopped.Status);
        Assert.Null((await h.Service.Queries.GetAuditTrailAsync(record.Id))[^1].OperatorReason);
    }

    [Fact]
    public async Task Cancel_RemovingTheRecord_KeepsTheReasonInTheAuditTrail_R_GOV_1_R_REC_2()
    {
        var h = new ServiceHarness(new UpgradeKitOptions { Rules = new LifecycleRuleOptions { ReasonRequiredFor = [UpgradeAction.Cancel] } });
        var record = await h.CreateAsync();
        await Assert.ThrowsAsync<OperationNotPermittedException>(() => h.Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary));

        var outcome = await h.Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary, new CancelOptions { Reason = Reason });

        Assert.True(outcome.Removed);
        var trail = await h.Store.ReadAsync(record.Id);
        Assert.Equal((ActionReasonCode.ReasonRequired, (string?)null), (trail[^2].Reason, trail[^2].OperatorReason));
        Assert.Equal((AuditOutcome.Accepted, Reason.Text), (trail[^1].Outcome, trail[^1].OperatorReason));
    }

    [Fact]
    public async Task Actions_ForceStopByDefault_SayTheReasonIsRequired_R_GOV_1()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);

        var row = h.Service.Queries.ToListRow(record, TestOperators.Engineer, UpgradeKit.Projections.DisplayContext.Default);

        var forceStop = row.Actions.Single(a => a.Action == UpgradeAction.ForceStop);
        var stop = row.Actions.Single(a => a.Action == UpgradeAction.Stop);
        var complete = row.Actions.Single(a => a.Action == UpgradeAction.Complete);
        Assert.Equal((true, true, true), (forceStop.Offered, forceStop.TakesReason, forceStop.ReasonRequired));
        Assert.Equal((true, false), (stop.TakesReason, stop.ReasonRequired));
        Assert.Equal((false, false), (complete.TakesReason, complete.ReasonRequired));
    }

    [Fact]
    public void Options_ReasonRequiredForAnActionWithoutReason_AreInvalid_R_GOV_1()
    {
        var options = new UpgradeKitOptions { Rules = new LifecycleRuleOptions { ReasonRequiredFor = [UpgradeAction.Complete] } };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("ReasonRequiredFor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForceStop_DeclarationWithAnEmptyPart_IsRefusedAsAnArgument_R_GOV_3()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);
        var declaration = new ForceStopDeclaration { Version = "", Language = "en", Text = "I declare." };

        await Assert.ThrowsAsync<ArgumentException>(() => h.Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer,
            new ForceStopRequest(ForceStopResult.Failed, true) { Reason = Reason, Declaration = declaration }));
        Assert.Equal(UpgradeStatus.Upgrading, (await h.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public void ForceStopDeclaration_EnglishAndChinese_HaveOneVersionAndTheirOwnText_R_GOV_3()
    {
        var en = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("en-US"));
        var zh = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("zh-CN"));

        Assert.Equal(en.Version, zh.Version);
        Assert.Equal(("en", "zh-CN"), (en.Language, zh.Language));
        Assert.Contains("responsibility", en.Text, StringComparison.Ordinal);
        Assert.NotEqual(en.Text, zh.Text);
    }

    [Fact]
    public void AuditEntry_ToString_QuotesTheReasonAndEscapesItsQuotes()
    {
        var entry = new AuditEntry(UpgradeRecordId.New(ServiceHarness.T0), ServiceHarness.T0, "olga", UpgradeOperation.ForceStop, AuditOutcome.Accepted,
            UpgradeStatus.Upgrading, UpgradeStatus.ForceStoppedFailed, ActionReasonCode.None, 4, AuditEntry.NoOptions)
        {
            OperatorReason = "said \"done\" reason none",
        };

        Assert.Contains("because \"said \\\"done\\\" reason none\"", entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewLog_ForceStopped_ShowsWhoWhyAndTheDeclaration_R_GOV_1_R_GOV_3()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);
        var declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("en"));
        await h.Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer,
            new ForceStopRequest(ForceStopResult.Succeeded, true) { Reason = Reason, Declaration = declaration });

        var panel = await h.Service.Queries.ViewLogAsync(record.Id, TestOperators.Ordinary, UpgradeKit.Projections.DisplayContext.Default);

        Assert.NotNull(panel.EndedBy);
        Assert.Equal((UpgradeAction.ForceStop, TestOperators.Engineer.Id, Reason.Text), (panel.EndedBy.Action.Code, panel.EndedBy.Actor, panel.EndedBy.Reason));
        Assert.Equal(declaration, panel.EndedBy.Declaration);
        Assert.Equal("Force-stop upgrade", panel.EndedBy.Action.Name);
    }

    [Fact]
    public async Task ViewLog_Succeeded_HasNoEndingDecision_R_GOV_1()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Succeeded);

        var panel = await h.Service.Queries.ViewLogAsync(record.Id, TestOperators.Ordinary, UpgradeKit.Projections.DisplayContext.Default);

        Assert.Null(panel.EndedBy);
    }
}
