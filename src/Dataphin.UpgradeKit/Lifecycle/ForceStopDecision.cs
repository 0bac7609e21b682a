namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What an operator gives when approving, rejecting or withdrawing a force-stop request.</summary>
public sealed record ForceStopDecision
{
    /// <summary>
    /// The request the operator saw; null to decide whichever request is pending. When given and another request is
    /// pending by then (the one they saw was closed and a new one made), the decision is refused as a conflict.
    /// </summary>
    public Guid? RequestId { get; init; }

    /// <summary>Why the operator decides so; recorded in the audit trail and the request. Null when none was given.</summary>
    public OperatorReason? Reason { get; init; }
}
