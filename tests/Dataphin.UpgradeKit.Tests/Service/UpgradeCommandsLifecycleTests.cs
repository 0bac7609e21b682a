using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Support;
using NodaTime;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Service;

public class UpgradeCommandsLifecycleTests
{
    private readonly ServiceHarness _h = new();

    private UpgradeKitFeatures Service => _h.Service;

    [Fact]
    public async Task Create_NewRecord_IsConfiguringAtVersionOne()
    {
        var record = await _h.CreateAsync();

        Assert.Equal(UpgradeStatus.Configuring, record.Status);
        Assert.Equal(1, record.Version);
        Assert.Equal(ServiceHarness.T0, record.CreatedAt);
        Assert.Null(record.UpgradeStartedAt);
        Assert.Equal(record, await Service.Queries.GetAsync(record.Id));
    }

    [Fact]
    public async Task Start_MaintenanceMode_SetsUpgradeAndMaintenanceStartToTheSameInstant()
    {
        var record = await _h.CreateAsync();
        _h.Clock.AdvanceMinutes(5);

        var started = await Service.HostReports.StartAsync(record.Id);

        Assert.Equal(UpgradeStatus.Upgrading, started.Status);
        Assert.Equal(_h.Clock.GetCurrentInstant(), started.UpgradeStartedAt);
        Assert.Equal(started.UpgradeStartedAt, started.MaintenanceStartedAt);
    }

    [Fact]
    public async Task Start_ZeroDowntime_HasNoMaintenanceTimes_R_TIME_6()
    {
        var record = await _h.CreateAsync(UpgradeMode.ZeroDowntime);

        var started = await Service.HostReports.StartAsync(record.Id);

        Assert.NotNull(started.UpgradeStartedAt);
        Assert.Null(started.MaintenanceStartedAt);
        Assert.False(started.IsInMaintenanceMode);
    }

    [Theory]
    [InlineData(UpgradeStatus.Succeeded)]
    [InlineData(UpgradeStatus.Failed)]
    [InlineData(UpgradeStatus.Stopped)]
    [InlineData(UpgradeStatus.ForceStoppedSucceeded)]
    [InlineData(UpgradeStatus.ForceStoppedFailed)]
    [InlineData(UpgradeStatus.Canceled)]
    public async Task TerminalStatus_EveryStatusChangingRequest_IsRefusedAndStatusStays_R_SM_1(UpgradeStatus terminal)
    {
        var record = await _h.InStatusAsync(terminal);
        var attempts = new Func<Task>[]
        {
            () => Service.HostReports.StartAsync(record.Id),
            () => Service.HostReports.MarkStepsCompletedAsync(record.Id),
            () => Service.HostReports.MarkFailedAsync(record.Id),
            () => Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { CurrentStep = "x" }),
            () => Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary),
            () => Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(false)),
            () => Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = OperatorReason.Parse("finished by hand") }),
            () => Service.Commands.CompleteAsync(record.Id, TestOperators.Ordinary),
            () => Service.Commands.ResumeUpgradeAsync(record.Id, TestOperators.Ordinary),
            () => Service.Commands.ResumeVerificationAsync(record.Id, TestOperators.Ordinary),
        };

        foreach (var attempt in attempts)
        {
            await Assert.ThrowsAsync<OperationNotPermittedException>(attempt);
        }

        var after = await Service.Queries.GetAsync(record.Id);
        Assert.Equal(terminal, after.Status);
        Assert.Equal(record.Version, after.Version);
    }

    [Fact]
    public async Task Complete_WhileUpgrading_ThrowsTypedErrorAndLeavesRecordUnchanged_R_SM_2()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);

        var ex = await Assert.ThrowsAsync<OperationNotPermittedException>(() => Service.Commands.CompleteAsync(record.Id, TestOperators.Ordinary));

        Assert.Equal(record.Id, ex.RecordId);
        Assert.Equal(UpgradeStatus.Upgrading, ex.Status);
        Assert.Equal(UpgradeOperation.Complete, ex.Operation);
        Assert.Equal(ActionReasonCode.StatusNotEligible, ex.Reason);
        Assert.Contains("Verifying", ex.Explanation, StringComparison.Ordinal);
        Assert.Contains(record.Id.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Same(record, await Service.Queries.GetAsync(record.Id));
    }

    [Fact]
    public async Task ResumeUpgrade_WhileConfiguring_ReturnsConfigurationStageWithoutChange_R_SM_3()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Configuring);

        var point = await Service.Commands.ResumeUpgradeAsync(record.Id, TestOperators.Ordinary);

        Assert.Equal(ResumeStage.Configuration, point.Stage);
        Assert.Same(record, await Service.Queries.GetAsync(record.Id));
        var last = (await Service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal((UpgradeOperation.ResumeUpgrade, AuditOutcome.Accepted, "alice"), (last.Operation, last.Outcome, last.Actor));
    }

    [Fact]
    public async Task ResumeUpgrade_WhileUpgrading_ReturnsTheCurrentExecutionStep_R_SM_3()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        await Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { CurrentStep = "backup-databases" });

        var point = await Service.Commands.ResumeUpgradeAsync(record.Id, TestOperators.Ordinary);

        Assert.Equal(new ResumePoint { RecordId = record.Id, Stage = ResumeStage.Execution, CurrentStep = "backup-databases" }, point);
        Assert.Equal(UpgradeStatus.Upgrading, (await Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task ResumeVerification_WhileVerifying_ReturnsVerificationStage_R_SM_3()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Verifying);

        var point = await Service.Commands.ResumeVerificationAsync(record.Id, TestOperators.Ordinary);

        Assert.Equal(ResumeStage.Verification, point.Stage);
        Assert.Equal(record.Version, (await Service.Queries.GetAsync(record.Id)).Version);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stop_ExitsMaintenanceModeAndNotifiesTheHostWithTheRerunChoice_R_SM_4(bool rerun)
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        _h.Clock.AdvanceMinutes(7);
        var now = _h.Clock.GetCurrentInstant();

        var stopped = await Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(rerun));

        Assert.Equal(UpgradeStatus.Stopped, stopped.Status);
        Assert.Equal(now, stopped.MaintenanceEndedAt);
        Assert.Equal(now, stopped.UpgradeEndedAt);
        Assert.Equal(rerun, stopped.RerunForceStoppedInstances);
        await Service.Delivery.DeliverPendingNotificationsAsync();
        var notification = Assert.IsType<UpgradeStoppedNotification>(Assert.Single(_h.Handler.Received));
        Assert.Equal(rerun, notification.RerunForceStoppedInstances);
        Assert.True(notification.ExitMaintenanceMode);
        Assert.Equal(record.Id, notification.RecordId);
        var audit = (await Service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal(rerun ? "true" : "false", audit.Options["rerunForceStoppedInstances"]);
    }

    [Fact]
    public async Task Stop_AfterForceStopTaskRanAndShutdownStarted_IsRefused_R_SM_4()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        await Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { ForceStopTaskRan = true });
        await Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { ApplicationShutdownStarted = true });

        var ex = await Assert.ThrowsAsync<OperationNotPermittedException>(
            () => Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(false)));

        Assert.Equal(ActionReasonCode.StopWindowClosed, ex.Reason);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Stop_WithOnlyOneOfForceStopTaskAndShutdown_IsAllowed_R_SM_4(bool forceStopTaskRan, bool shutdownStarted)
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        await Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = forceStopTaskRan, ApplicationShutdownStarted = shutdownStarted,
        });

        var stopped = await Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(true));

        Assert.Equal(UpgradeStatus.Stopped, stopped.Status);
    }

    [Theory]
    [InlineData(ForceStopResult.Succeeded, UpgradeStatus.ForceStoppedSucceeded)]
    [InlineData(ForceStopResult.Failed, UpgradeStatus.ForceStoppedFailed)]
    public async Task ForceStop_QualifiedDeclaredWithResult_EndsNowAndLeavesMaintenanceEndUnknown_R_SM_5(ForceStopResult result, UpgradeStatus expected)
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        _h.Clock.AdvanceMinutes(30);

        var stopped = await Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer, new ForceStopRequest(result, true) { Reason = OperatorReason.Parse("finished by hand") });

        Assert.Equal(expected, stopped.Status);
        Assert.Equal(_h.Clock.GetCurrentInstant(), stopped.UpgradeEndedAt);
        Assert.Null(stopped.MaintenanceEndedAt);
        Assert.Equal(result, stopped.ForceStopResult);
        await Service.Delivery.DeliverPendingNotificationsAsync();
        Assert.Equal(result, Assert.IsType<UpgradeForceStoppedNotification>(Assert.Single(_h.Handler.Received)).Result);
    }

    [Theory]
    [InlineData(false, true, ForceStopResult.Succeeded, ActionReasonCode.OperatorNotQualified)]
    [InlineData(true, false, ForceStopResult.Succeeded, ActionReasonCode.DeclarationRequired)]
    [InlineData(true, true, null, ActionReasonCode.ForceStopResultRequired)]
    [InlineData(false, false, null, ActionReasonCode.OperatorNotQualified)]
    public async Task ForceStop_MissingQualificationDeclarationOrResult_IsRefusedWithReason_R_SM_5(
        bool qualified, bool declared, ForceStopResult? result, ActionReasonCode reason)
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        var actor = qualified ? TestOperators.Engineer : TestOperators.Ordinary;

        var ex = await Assert.ThrowsAsync<OperationNotPermittedException>(
            () => Service.Commands.ForceStopAsync(record.Id, actor, new ForceStopRequest(result, declared) { Reason = OperatorReason.Parse("finished by hand") }));

        Assert.Equal(reason, ex.Reason);
        Assert.Same(record, await Service.Queries.GetAsync(record.Id));
    }

    [Fact]
    public async Task Complete_WithMaintenanceStillOn_EndsBothAtTheFinishInstant_R_SM_6()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Verifying);
        _h.Clock.AdvanceMinutes(3);

        var done = await Service.Commands.CompleteAsync(record.Id, TestOperators.Ordinary);

        Assert.Equal(UpgradeStatus.Succeeded, done.Status);
        Assert.Equal(_h.Clock.GetCurrentInstant(), done.UpgradeEndedAt);
        Assert.Equal(done.UpgradeEndedAt, done.MaintenanceEndedAt);
        await Service.Delivery.DeliverPendingNotificationsAsync();
        Assert.IsType<UpgradeCompletedNotification>(Assert.Single(_h.Handler.Received));
    }

    [Fact]
    public async Task Complete_AfterMaintenanceWasExited_KeepsTheEarlierMaintenanceEnd_R_SM_6()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Verifying);
        var exited = await Service.HostReports.ExitMaintenanceModeAsync(record.Id);
        _h.Clock.AdvanceMinutes(10);

        var done = await Service.Commands.CompleteAsync(record.Id, TestOperators.Ordinary);

        Assert.Equal(exited.MaintenanceEndedAt, done.MaintenanceEndedAt);
        Assert.True(done.UpgradeEndedAt > done.MaintenanceEndedAt);
    }

    [Fact]
    public async Task MarkFailed_EndsTheUpgradeNowAndMaintenanceWhenTheHostReportsIt()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        var failedAt = _h.Clock.GetCurrentInstant();

        var failed = await Service.HostReports.MarkFailedAsync(record.Id, "backup failed");
        Assert.Equal((UpgradeStatus.Failed, (Instant?)failedAt, (Instant?)null), (failed.Status, failed.UpgradeEndedAt, failed.MaintenanceEndedAt));

        _h.Clock.AdvanceMinutes(4);
        var exited = await Service.HostReports.ExitMaintenanceModeAsync(record.Id);
        Assert.Equal(_h.Clock.GetCurrentInstant(), exited.MaintenanceEndedAt);
        Assert.Equal(UpgradeStatus.Failed, exited.Status);
        await Assert.ThrowsAsync<OperationNotPermittedException>(() => Service.HostReports.ExitMaintenanceModeAsync(record.Id));
    }

    [Fact]
    public async Task OperatorAction_WithoutOperator_IsRefusedBeforeAnythingHappens_R_SM_7()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        var trail = await Service.Queries.GetAuditTrailAsync(record.Id);

        await Assert.ThrowsAsync<ArgumentNullException>(() => Service.Commands.StopAsync(record.Id, null!, new StopOptions(false)));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Service.Commands.CreateAsync(ServiceHarness.Request(), null!));

        Assert.Equal(trail.Count, (await Service.Queries.GetAuditTrailAsync(record.Id)).Count);
    }

    [Fact]
    public async Task AuditTrail_RecordsWhoWhenWhatStatusesOptionsAndRefusalReasons_R_SM_7()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        _h.Clock.AdvanceMinutes(2);
        await Assert.ThrowsAsync<OperationNotPermittedException>(
            () => Service.Commands.ForceStopAsync(record.Id, TestOperators.Ordinary, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = OperatorReason.Parse("finished by hand") }));
        await Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = OperatorReason.Parse("finished by hand") });

        var trail = await Service.Queries.GetAuditTrailAsync(record.Id);

        Assert.Equal(
            [UpgradeOperation.Create, UpgradeOperation.SaveConfiguration, UpgradeOperation.Start, UpgradeOperation.ForceStop, UpgradeOperation.ForceStop],
            trail.Select(e => e.Operation));
        var refused = trail[^2];
        Assert.Equal(("alice", AuditOutcome.Refused, ActionReasonCode.OperatorNotQualified), (refused.Actor, refused.Outcome, refused.Reason));
        Assert.Equal(UpgradeStatus.Upgrading, refused.StatusAfter);
        var accepted = trail[^1];
        Assert.Equal(("olga", AuditOutcome.Accepted, _h.Clock.GetCurrentInstant()), (accepted.Actor, accepted.Outcome, accepted.At));
        Assert.Equal((UpgradeStatus?)UpgradeStatus.Upgrading, accepted.StatusBefore);
        Assert.Equal((UpgradeStatus?)UpgradeStatus.ForceStoppedFailed, accepted.StatusAfter);
        Assert.Equal("Failed", accepted.Options["result"]);
        Assert.Equal("true", accepted.Options["declarationAccepted"]);
        Assert.Equal(AuditEntry.SystemActor, trail[2].Actor);
    }

    [Fact]
    public async Task Cancel_WithoutSavedConfiguration_RemovesTheRecordFromTheList_R_REC_2()
    {
        var record = await _h.CreateAsync();

        var outcome = await Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary);

        Assert.True(outcome.Removed);
        Assert.Null(await Service.Queries.FindAsync(record.Id));
        Assert.Empty((await Service.Queries.ListAsync(new UpgradeRecordQuery())).Items);
        await Assert.ThrowsAsync<UpgradeRecordNotFoundException>(() => Service.Queries.GetAsync(record.Id));
    }

    [Fact]
    public async Task Cancel_WithSavedConfiguration_KeepsACanceledRecordWithoutTimes_R_REC_2()
    {
        var record = await _h.CreateWithConfigurationAsync();

        var outcome = await Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary);

        Assert.False(outcome.Removed);
        var canceled = Assert.Single((await Service.Queries.ListAsync(new UpgradeRecordQuery())).Items);
        Assert.Equal(UpgradeStatus.Canceled, canceled.Status);
        Assert.Null(canceled.UpgradeStartedAt);
        Assert.Null(canceled.UpgradeEndedAt);
        Assert.Null(canceled.MaintenanceStartedAt);
    }

    [Fact]
    public async Task ReportProgress_FactsOnlyBecomeTrue()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        await Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, CurrentStep = "a",
        });

        var after = await Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { ForceStopTaskRan = false });

        Assert.True(after.ForceStopTaskRan);
        Assert.Equal("a", after.CurrentStep);
    }

    [Fact]
    public async Task ClockBeforeTheStart_IsRejectedAndNothingIsWritten_R_TIME_2()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        _h.Clock.Reset(record.UpgradeStartedAt!.Value - Duration.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<ImpossibleTimeException>(() => Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(false)));

        Assert.Equal(record.UpgradeStartedAt, ex.Start);
        Assert.Same(record, await Service.Queries.GetAsync(record.Id));
        Assert.Equal(0, await Service.Delivery.DeliverPendingNotificationsAsync());
        Assert.Empty(_h.Handler.Received);
    }
}
