using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Tests.Support;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Lifecycle;

/// <summary>
/// What an accepted request leaves in the audit trail and in the record, where mutation testing found no test looking:
/// the options the operator or host chose (the audit trail's "options chosen"), a removing cancel's audit entry, and the
/// current step a progress report keeps.
/// </summary>
public class LifecycleAuditAndProgressTests
{
    private static readonly Instant Now = At(60);

    // One engineer force-stops alone here: the audit of the force-stop itself, not the two-person rule (R-GOV-2).
    private static readonly UpgradeLifecycle Alone = new(LifecycleRules.From(new LifecycleRuleOptions { ApprovalRequiredFor = [] }));

    private static LifecycleResult Apply(UpgradeRecord record, LifecycleRequest request) => Alone.Apply(record, request, Now);

    [Theory]
    [InlineData(ForceStopResult.Succeeded, "Succeeded")]
    [InlineData(ForceStopResult.Failed, "Failed")]
    public void ForceStop_Accepted_AuditsTheDeclaredResultAndTheDeclaration_R_SM_5_R_SM_7(ForceStopResult result, string text)
    {
        var record = Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30));

        var outcome = Apply(record, new LifecycleRequest(UpgradeOperation.ForceStop, TestOperators.Engineer)
        {
            OperatorQualified = true,
            ForceStop = new ForceStopRequest(result, true) { Reason = OperatorReason.Parse("finished by hand") },
        });

        Assert.Equal(AuditOutcome.Accepted, outcome.Audit.Outcome);
        Assert.Equal(new Dictionary<string, string> { ["result"] = text, ["declarationAccepted"] = "true" }, outcome.Audit.Options);
    }

    [Fact]
    public void ForceStop_RefusedWithoutDeclaration_AuditsWhatWasAsked_R_SM_7()
    {
        var record = Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30));

        var outcome = Apply(record, new LifecycleRequest(UpgradeOperation.ForceStop, TestOperators.Engineer)
        {
            OperatorQualified = true,
            ForceStop = new ForceStopRequest(null, false) { Reason = OperatorReason.Parse("finished by hand") },
        });

        Assert.Equal(AuditOutcome.Refused, outcome.Audit.Outcome);
        Assert.Equal(new Dictionary<string, string> { ["result"] = "none", ["declarationAccepted"] = "false" }, outcome.Audit.Options);
    }

    [Fact]
    public void SaveConfiguration_AuditsTheFileNameAndItsSizeNotItsContent_R_SM_7()
    {
        var record = Record(UpgradeStatus.Configuring);

        var outcome = Apply(record, new LifecycleRequest(UpgradeOperation.SaveConfiguration, TestOperators.Ordinary)
        {
            Configuration = new ConfigurationFile("upgrade.yaml", "k: secret"u8.ToArray(), Now),
        });

        Assert.Equal(new Dictionary<string, string> { ["fileName"] = "upgrade.yaml", ["bytes"] = "9" }, outcome.Audit.Options);
    }

    [Theory]
    [InlineData(true, false, null)]
    [InlineData(false, true, null)]
    [InlineData(false, false, "Upgrade services")]
    [InlineData(true, true, "Upgrade services")]
    public void ReportProgress_AuditsExactlyWhatTheHostReported_R_SM_7(bool taskRan, bool shutdown, string? step)
    {
        var record = Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30));

        var outcome = Apply(record, new LifecycleRequest(UpgradeOperation.ReportProgress, null)
        {
            Progress = new ProgressReport
            {
                ForceStopTaskRan = taskRan, ApplicationShutdownStarted = shutdown, CurrentStep = step,
            },
        });

        var expected = new Dictionary<string, string>();
        if (taskRan)
        {
            expected["forceStopTaskRan"] = "true";
        }

        if (shutdown)
        {
            expected["applicationShutdownStarted"] = "true";
        }

        if (step is not null)
        {
            expected["currentStep"] = step;
        }

        Assert.Equal(expected, outcome.Audit.Options);
    }

    [Fact]
    public void Fail_AuditsTheReason_R_SM_7()
    {
        var record = Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30));

        var outcome = Apply(record, new LifecycleRequest(UpgradeOperation.Fail, null) { FailureReason = "disk full" });

        Assert.Equal(new Dictionary<string, string> { ["reason"] = "disk full" }, outcome.Audit.Options);
    }

    [Fact]
    public void Cancel_WithoutSavedConfiguration_IsRemovedAndItsAuditHasNoStatusAfter_R_REC_2()
    {
        var record = Record(UpgradeStatus.Configuring);

        var outcome = Apply(record, new LifecycleRequest(UpgradeOperation.Cancel, TestOperators.Ordinary));

        Assert.Equal(LifecycleEffect.Removed, outcome.Effect);
        Assert.Equal((UpgradeStatus?)UpgradeStatus.Configuring, outcome.Audit.StatusBefore);
        Assert.Null(outcome.Audit.StatusAfter);
    }

    [Fact]
    public void ResumeUpgrade_ChangesNoStatusAndItsAuditSaysSo_R_SM_3()
    {
        var record = Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30));

        var outcome = Apply(record, new LifecycleRequest(UpgradeOperation.ResumeUpgrade, TestOperators.Ordinary));

        Assert.Equal(LifecycleEffect.Observed, outcome.Effect);
        Assert.Equal(((UpgradeStatus?)UpgradeStatus.Upgrading, (UpgradeStatus?)UpgradeStatus.Upgrading), (outcome.Audit.StatusBefore, outcome.Audit.StatusAfter));
    }

    [Fact]
    public void ReportProgress_WithoutAStep_KeepsTheStoredStep_AndANewStepReplacesIt_R_SM_3()
    {
        var record = Record(UpgradeStatus.Upgrading, upgradeStart: At(30), maintenanceStart: At(30)) with { CurrentStep = "Back up the database" };

        var kept = Apply(record, new LifecycleRequest(UpgradeOperation.ReportProgress, null) { Progress = new ProgressReport
        {
            ForceStopTaskRan = true,
        } });
        var replaced = Apply(record, new LifecycleRequest(UpgradeOperation.ReportProgress, null) { Progress = new ProgressReport
        {
            CurrentStep = "Upgrade services",
        } });

        Assert.Equal("Back up the database", kept.Record.CurrentStep);
        Assert.Equal("Upgrade services", replaced.Record.CurrentStep);
    }
}
