using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Tests.Support;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Actions;

public class ActionEligibilityPolicyTests
{
    private static readonly ActionEligibilityPolicy Policy = new();

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

    // The table of SPEC §4, written out by hand for a qualified O&M engineer; force-stop is requested for a second
    // engineer's approval by default (R-GOV-2), nothing being pending.
    public static TheoryData<UpgradeStatus, UpgradeAction[]> OfferedByStatus => new()
    {
        { UpgradeStatus.Configuring, [UpgradeAction.ResumeUpgrade, UpgradeAction.Cancel] },
        { UpgradeStatus.Upgrading, [UpgradeAction.ResumeUpgrade, UpgradeAction.Stop, UpgradeAction.RequestForceStop] },
        { UpgradeStatus.Verifying, [UpgradeAction.ResumeVerification, UpgradeAction.Complete] },
        { UpgradeStatus.Succeeded, [UpgradeAction.ViewLog] },
        { UpgradeStatus.Failed, [] },
        { UpgradeStatus.Stopped, [UpgradeAction.ViewLog] },
        { UpgradeStatus.ForceStoppedSucceeded, [UpgradeAction.ViewLog] },
        { UpgradeStatus.ForceStoppedFailed, [UpgradeAction.ViewLog] },
        { UpgradeStatus.Canceled, [] },
    };

    [Theory]
    [MemberData(nameof(OfferedByStatus))]
    public void Evaluate_QualifiedEngineer_OffersExactlyTheActionsOfTheSpecTable_R_ACT_1(UpgradeStatus status, UpgradeAction[] expected)
    {
        var set = Policy.Evaluate(Record(status), TestOperators.Engineer);

        Assert.Equal(expected, set.Offered);
        Assert.Equal(UpgradeActions.All, set.Select(e => e.Action));
    }

    [Theory]
    [MemberData(nameof(OfferedByStatus))]
    public void Evaluate_EveryActionNotOffered_HasAReasonCodeAndSentence_R_ACT_1(UpgradeStatus status, UpgradeAction[] offered)
    {
        foreach (var item in Policy.Evaluate(Record(status), TestOperators.Ordinary))
        {
            if (item.IsOffered)
            {
                Assert.Contains(item.Action, offered);
                Assert.Equal((ActionReasonCode.None, ""), (item.Reason, item.Explanation));
            }
            else
            {
                Assert.NotEqual(ActionReasonCode.None, item.Reason);
                Assert.EndsWith(".", item.Explanation, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Evaluate_NotQualifiedOperator_IsNotOfferedForceStopAndToldWhy_R_ACT_3()
    {
        var forceStop = Policy.Evaluate(Record(UpgradeStatus.Upgrading), TestOperators.Ordinary)[UpgradeAction.ForceStop];

        Assert.False(forceStop.IsOffered);
        Assert.Equal(ActionReasonCode.OperatorNotQualified, forceStop.Reason);
        Assert.Contains("qualified O&M engineers", forceStop.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CustomQualification_IsConsulted_R_ACT_3()
    {
        var policy = new ActionEligibilityPolicy(new RoleOperatorQualification("sre"));

        Assert.True(policy.Evaluate(Record(UpgradeStatus.Upgrading), new OperatorIdentity("bob", roles: ["SRE"])).IsOffered(UpgradeAction.RequestForceStop));
        Assert.False(policy.Evaluate(Record(UpgradeStatus.Upgrading), TestOperators.Engineer).IsOffered(UpgradeAction.RequestForceStop));
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, false)]
    public void Evaluate_Stop_ClosesOnlyOnceForceStopTaskRanAndShutdownStarted(bool ran, bool shutdown, bool offered)
    {
        var stop = Policy.Evaluate(Record(UpgradeStatus.Upgrading, ran, shutdown), TestOperators.Ordinary)[UpgradeAction.Stop];

        Assert.Equal(offered, stop.IsOffered);
        Assert.Equal(offered ? ActionReasonCode.None : ActionReasonCode.StopWindowClosed, stop.Reason);
    }

    [Fact]
    public void Evaluate_ChineseCulture_GivesChineseSentences_R_DISP_1()
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");

        var cancel = Policy.Evaluate(Record(UpgradeStatus.Upgrading), TestOperators.Ordinary, zh)[UpgradeAction.Cancel];

        Assert.Equal("仅状态为配置中的记录支持取消升级。", cancel.Explanation);
    }

    [Fact]
    public void Evaluate_SameSituation_ReturnsTheSameSharedInstance()
    {
        var a = Policy.Evaluate(Record(UpgradeStatus.Verifying), TestOperators.Ordinary);
        var b = Policy.Evaluate(Record(UpgradeStatus.Verifying), TestOperators.Ordinary);
        Assert.Same(a, b);
    }

    [Fact]
    public void Evaluate_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => Policy.Evaluate(null!, TestOperators.Ordinary));
        Assert.Throws<ArgumentNullException>(() => Policy.Evaluate(Record(UpgradeStatus.Upgrading), null!));
    }

    [Fact]
    public void Eligibility_ActionIndexer_RejectsUndefinedAction()
    {
        var set = Policy.Evaluate(Record(UpgradeStatus.Upgrading), TestOperators.Ordinary);
        Assert.Throws<ArgumentOutOfRangeException>(() => set[(UpgradeAction)99]);
    }

    [Fact]
    public void Record_TimesAreInstants()
    {
        // A guard against an accidental DateTime creeping into the model (R-TIME-10).
        var timeProperties = typeof(UpgradeRecord).GetProperties().Where(p => p.Name.EndsWith("At", StringComparison.Ordinal));
        Assert.All(timeProperties, p => Assert.True(p.PropertyType == typeof(Instant) || p.PropertyType == typeof(Instant?), p.Name));
    }
}
