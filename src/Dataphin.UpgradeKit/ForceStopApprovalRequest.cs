using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// A force-stop asked for under the two-person rule: what the requester declared, and, once closed, who decided and
/// when. Immutable.
/// </summary>
public sealed record ForceStopApprovalRequest
{
    /// <summary>The request's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The upgrade record it would force-stop.</summary>
    public required UpgradeRecordId RecordId { get; init; }

    /// <summary>Where the request stands.</summary>
    public required ForceStopRequestState State { get; init; }

    /// <summary>The result the requester declared: the record's status on approval follows it.</summary>
    public required ForceStopResult Result { get; init; }

    /// <summary>The declaration the requester accepted, word for word.</summary>
    public required ForceStopDeclaration Declaration { get; init; }

    /// <summary>The requester's reason; null when they gave none. Operator-written text: show it as text, never as markup.</summary>
    public string? Reason { get; init; }

    /// <summary>The operator who asked.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When they asked.</summary>
    public required Instant RequestedAt { get; init; }

    /// <summary>When the request expires unless decided first.</summary>
    public required Instant ExpiresAt { get; init; }

    /// <summary>Who closed it (the approver, the rejecter, the requester, or the system); null while pending.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>When it was closed; null while pending.</summary>
    public Instant? DecidedAt { get; init; }

    /// <summary>The reason the decider gave, if any. Operator-written text: show it as text, never as markup.</summary>
    public string? DecisionReason { get; init; }
}
