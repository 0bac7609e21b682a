using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// What a record change does to the record's force-stop request, written in the change's transaction: open a new
/// pending request, or close the pending one (a compare-and-set from <see cref="ForceStopRequestState.Pending"/>).
/// </summary>
public sealed record ForceStopRequestChange
{
    private ForceStopRequestChange(ForceStopApprovalRequest? opened, Guid requestId, ForceStopRequestState state, string? decidedBy, Instant? decidedAt, string? decisionReason)
    {
        Opened = opened;
        RequestId = requestId;
        State = state;
        DecidedBy = decidedBy;
        DecidedAt = decidedAt;
        DecisionReason = decisionReason;
    }

    /// <summary>The request to store as pending; null when the change closes one.</summary>
    public ForceStopApprovalRequest? Opened { get; }

    /// <summary>The request opened or closed.</summary>
    public Guid RequestId { get; }

    /// <summary>The state the request takes.</summary>
    public ForceStopRequestState State { get; }

    /// <summary>Who closed the request; null when it is opened.</summary>
    public string? DecidedBy { get; }

    /// <summary>When the request was closed; null when it is opened.</summary>
    public Instant? DecidedAt { get; }

    /// <summary>The decider's reason, if any.</summary>
    public string? DecisionReason { get; }

    /// <summary>Opens <paramref name="request"/>, which must be pending. A store refuses a second pending request on the same record.</summary>
    /// <exception cref="ArgumentException">The request is not pending.</exception>
    public static ForceStopRequestChange Open(ForceStopApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.State != ForceStopRequestState.Pending)
        {
            throw new ArgumentException("A request is opened as pending.", nameof(request));
        }

        return new ForceStopRequestChange(request, request.Id, ForceStopRequestState.Pending, null, null, null);
    }

    /// <summary>Closes the pending request <paramref name="requestId"/> as <paramref name="state"/>; the store commits the change only if it is still pending.</summary>
    /// <exception cref="ArgumentException"><paramref name="state"/> is pending or not defined.</exception>
    public static ForceStopRequestChange Close(Guid requestId, ForceStopRequestState state, string decidedBy, Instant decidedAt, string? decisionReason = null)
    {
        if (state == ForceStopRequestState.Pending || !Enum.IsDefined(state))
        {
            throw new ArgumentException("A request is closed in a state other than pending.", nameof(state));
        }

        ArgumentException.ThrowIfNullOrEmpty(decidedBy);
        return new ForceStopRequestChange(null, requestId, state, decidedBy, decidedAt, decisionReason);
    }
}
