using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Actions;

/// <summary>
/// The policy's and the answer set's documented promises about their arguments and their answers' identity
/// (mutation testing of Actions/ found these open).
/// </summary>
public class ActionEligibilityArgumentsTests
{
    private static readonly OperatorIdentity Alice = new("alice", roles: ["om-engineer"]);

    [Fact]
    public void Evaluate_NullRecordOrActor_IsAnArgumentNullException()
    {
        // A host's qualification that never looks at the actor: the policy itself must refuse the null.
        var policy = new ActionEligibilityPolicy(new AlwaysQualified());

        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => policy.Evaluate(null!, Alice)).ParamName);
        Assert.Equal("actor", Assert.Throws<ArgumentNullException>(() => policy.Evaluate(Record(UpgradeStatus.Upgrading), null!)).ParamName);
    }

    [Fact]
    public void Constructor_InvalidRules_IsRefusedBeforeAnyAnswer_R_RULE_1()
    {
        var unknownStatus = new LifecycleRuleOptions { ViewLogStatuses = [UpgradeStatus.Succeeded, (UpgradeStatus)99] };
        var unknownReading = new LifecycleRuleOptions { StopWindow = (StopWindowReading)7 };

        Assert.Equal("rules", Assert.Throws<ArgumentException>(() => new ActionEligibilityPolicy(rules: unknownStatus)).ParamName);
        Assert.Equal("rules", Assert.Throws<ArgumentException>(() => new ActionEligibilityPolicy(rules: unknownReading)).ParamName);
    }

    [Fact]
    public void Evaluate_SameSituationAgain_HandsOutTheSameAnswerWithoutAllocating_R_ACT_1()
    {
        // The policy promises the same instance for the same situation and an answer "without allocating" once built.
        var policy = new ActionEligibilityPolicy(new AlwaysQualified());
        var record = Record(UpgradeStatus.Upgrading, upgradeStart: At(1), maintenanceStart: At(1));
        var first = policy.Evaluate(record, Alice, CultureInfo.InvariantCulture);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Assert.Same(first, policy.Evaluate(record, Alice, CultureInfo.InvariantCulture));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Create_OneAnswerPerActionInColumnOrder_IsAccepted_AndAnythingElseRefused_R_ACT_1()
    {
        var answers = UpgradeActions.All.Select(a => new ActionEligibility(a, true, ActionReasonCode.None, string.Empty)).ToList();

        Assert.Equal(UpgradeActions.All, ActionEligibilitySet.Create(answers).Offered);

        var swapped = answers.ToList();
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        Assert.Throws<ArgumentException>(() => ActionEligibilitySet.Create(swapped));
        Assert.Throws<ArgumentException>(() => ActionEligibilitySet.Create(answers.Take(answers.Count - 1)));
        Assert.Throws<ArgumentException>(() => ActionEligibilitySet.Create(answers.Append(answers[0])));
    }

    private sealed class AlwaysQualified : IOperatorQualification
    {
        public bool IsQualifiedOmEngineer(OperatorIdentity actor) => true;
    }
}
