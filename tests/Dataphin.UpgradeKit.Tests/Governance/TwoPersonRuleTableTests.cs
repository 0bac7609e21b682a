using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Testing.Model;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Governance;

/// <summary>
/// The two-person rule (R-GOV-2) as the lifecycle's compiled table answers it, against the testing kit's reference model:
/// every status × action × operator kind × pending or not × options.
/// </summary>
public class TwoPersonRuleTableTests
{
    public enum OperatorKind
    {
        Unqualified,
        Requester,
        SecondQualified,
        Creator,
    }

    private static readonly UpgradeOperation[] Actions =
    [
        UpgradeOperation.ForceStop, UpgradeOperation.RequestForceStop, UpgradeOperation.ApproveForceStop,
        UpgradeOperation.RejectForceStop, UpgradeOperation.WithdrawForceStop, UpgradeOperation.ExpireForceStopRequest,
    ];

    public static TheoryData<bool, bool> Options() => new() { { false, true }, { true, true }, { true, false }, { false, false } };

    [Theory]
    [MemberData(nameof(Options))]
    public void Decide_EveryStatusActionOperatorKindAndPendingRequest_IsTheRuleWrittenOut_R_GOV_2_R_ACT_2(bool approvalOn, bool creatorMayApprove)
    {
        var rules = LifecycleRules.From(new LifecycleRuleOptions
        {
            ApprovalRequiredFor = approvalOn ? [UpgradeAction.ForceStop] : [],
            CreatorMayApprove = creatorMayApprove,
        });
        var table = LifecycleTable.For(rules);
        var live = new LifecycleMachine(rules);
        var checkedCount = 0;
        foreach (var status in Enum.GetValues<UpgradeStatus>())
        {
            foreach (var operation in Actions)
            {
                foreach (var kind in Enum.GetValues<OperatorKind>())
                {
                    foreach (var pending in new[] { false, true })
                    {
                        var facts = FactsOf(operation, kind, pending);
                        var expected = Expected(status, operation, kind, pending, approvalOn, creatorMayApprove);
                        var decision = table.Decide(status, operation, facts);
                        var situation = $"{status} {operation} {kind} pending={pending}";
                        Assert.True(expected == decision.Reason, $"{situation}: expected {expected}, the table says {decision.Reason}");
                        Assert.Equal(decision, live.Decide(status, operation, facts));
                        if (decision.IsPermitted)
                        {
                            Assert.Equal(operation == UpgradeOperation.ApproveForceStop ? UpgradeStatus.ForceStoppedSucceeded
                                : operation == UpgradeOperation.ForceStop ? UpgradeStatus.ForceStoppedSucceeded : status, decision.Destination);
                        }

                        checkedCount++;
                    }
                }
            }
        }

        Assert.Equal(9 * Actions.Length * 4 * 2, checkedCount);
    }

    [Fact]
    public void Options_ApprovalForAnActionOtherThanForceStop_IsAProblem_R_GOV_2()
    {
        var options = new UpgradeKitOptions { Rules = { ApprovalRequiredFor = [UpgradeAction.Stop] }, Approval = { Expiry = NodaTime.Duration.FromSeconds(5) } };

        var problems = Assert.Throws<ArgumentException>(options.Validate).Message;

        Assert.Contains("ApprovalRequiredFor holds Stop", problems, StringComparison.Ordinal);
        Assert.Contains("Approval.Expiry must be between 1 minute and 7 days", problems, StringComparison.Ordinal);
    }

    // The facts a request shows: a qualified operator declares and picks a result; approving declares what the pending
    // request declared (here: succeeded), nothing when none is pending.
    private static LifecycleFacts FactsOf(UpgradeOperation operation, OperatorKind kind, bool pending)
    {
        var approving = operation == UpgradeOperation.ApproveForceStop;
        return new LifecycleFacts(
            ForceStopTaskRan: false,
            ApplicationShutdownStarted: false,
            InMaintenanceMode: false,
            ConfigurationSaved: true,
            OperatorQualified: kind != OperatorKind.Unqualified,
            DeclarationAccepted: !approving || pending,
            DeclaredResult: !approving || pending ? ForceStopResult.Succeeded : null,
            ForceStopPending: pending,
            OperatorIsRequester: pending && kind == OperatorKind.Requester,
            OperatorIsCreator: kind == OperatorKind.Creator);
    }

    // The testing kit's reference model answers (R-RULE-2): a record created by carol, the pending request (if any) made by
    // rita; the operator kinds are ursula (not qualified), rita, sam (a second qualified engineer) and carol.
    private static ActionReasonCode Expected(UpgradeStatus status, UpgradeOperation operation, OperatorKind kind, bool pending, bool approvalOn, bool creatorMayApprove)
    {
        var rules = ModelRules.From(new LifecycleRuleOptions { ApprovalRequiredFor = approvalOn ? [UpgradeAction.ForceStop] : [], CreatorMayApprove = creatorMayApprove });
        var record = new ModelRecord
        {
            Status = status,
            Mode = UpgradeMode.Maintenance,
            Version = 3,
            ConfigurationFileName = "upgrade.yaml",
            CreatedBy = "carol",
            PendingForceStop = pending ? new ModelForceStopRequest("rita", ForceStopResult.Succeeded) : null,
        };
        var actor = kind switch
        {
            OperatorKind.Unqualified => new OperatorIdentity("ursula", "Ursula"),
            OperatorKind.Requester => new OperatorIdentity("rita", "Rita", [RoleOperatorQualification.DefaultRole]),
            OperatorKind.SecondQualified => new OperatorIdentity("sam", "Sam", [RoleOperatorQualification.DefaultRole]),
            _ => new OperatorIdentity("carol", "Carol", [RoleOperatorQualification.DefaultRole]),
        };
        var request = new ModelRequest
        {
            Operation = operation,
            Operator = operation == UpgradeOperation.ExpireForceStopRequest ? null : actor,
            DeclaredResult = ForceStopResult.Succeeded,
            DeclarationAccepted = true,
            Reason = "finished by hand",
        };
        return ReferenceModel.Refusal(record, request, kind != OperatorKind.Unqualified, rules);
    }
}
