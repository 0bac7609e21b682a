using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Operators;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>One request to the lifecycle, with whatever arguments its operation takes.</summary>
internal sealed record LifecycleRequest(UpgradeOperation Operation, OperatorIdentity? Operator)
{
    public bool OperatorQualified { get; init; }

    public ForceStopRequest? ForceStop { get; init; }

    public StopOptions? Stop { get; init; }

    public ProgressReport? Progress { get; init; }

    public ConfigurationFile? Configuration { get; init; }

    public string? FailureReason { get; init; }

    /// <summary>The operator's reason (Stop, Force-stop, Cancel); null when none was given.</summary>
    public OperatorReason? Reason => Operation switch
    {
        UpgradeOperation.Stop => Stop?.Reason,
        UpgradeOperation.ForceStop => ForceStop?.Reason,
        UpgradeOperation.Cancel => Cancel?.Reason,
        UpgradeOperation.RequestForceStop => ForceStop?.Reason,
        UpgradeOperation.ApproveForceStop or UpgradeOperation.RejectForceStop or UpgradeOperation.WithdrawForceStop => Decision?.Reason ?? GivenReason,
        _ => GivenReason,
    };

    /// <summary>The reason given to an action served by the generic command; null when none was given.</summary>
    public OperatorReason? GivenReason { get; init; }

    public CancelOptions? Cancel { get; init; }

    /// <summary>The record's pending force-stop request when it was loaded (R-GOV-2); null when none.</summary>
    public ForceStopApprovalRequest? PendingForceStop { get; init; }

    /// <summary>The id a request made by this operation gets (RequestForceStop).</summary>
    public Guid NewRequestId { get; init; }

    /// <summary>When a request made by this operation expires (RequestForceStop).</summary>
    public NodaTime.Instant NewRequestExpiresAt { get; init; }

    /// <summary>The decider's options (approve, reject, withdraw); null when none were given.</summary>
    public ForceStopDecision? Decision { get; init; }

    public string Actor => Operator?.Id ?? AuditEntry.SystemActor;
}
