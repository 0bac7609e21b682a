using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// A force-stop request awaiting a second engineer's approval, as the list row and the View log show it: who asked,
/// when, the result they declared, why, and when the request expires. The reason is the operator's text: show it as
/// text, never as markup.
/// </summary>
public sealed record ForceStopRequestView
{
    /// <summary>The request's id; name it when approving, rejecting or withdrawing to act on exactly this request.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>The operator who asked.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When they asked.</summary>
    public required Instant RequestedAt { get; init; }

    /// <summary><see cref="RequestedAt"/> in the requested time zone, as the list shows times.</summary>
    public required string RequestedTime { get; init; }

    /// <summary>The result the requester declared.</summary>
    public required ForceStopResult Result { get; init; }

    /// <summary>The status the upgrade gets when the request is approved, and its display name.</summary>
    public required CodeAndName<UpgradeStatus> StatusOnApproval { get; init; }

    /// <summary>The requester's reason; null when they gave none.</summary>
    public string? Reason { get; init; }

    /// <summary>When the request expires unless decided first.</summary>
    public required Instant ExpiresAt { get; init; }

    /// <summary><see cref="ExpiresAt"/> in the requested time zone.</summary>
    public required string ExpiresTime { get; init; }

    /// <summary>The request as the list and View log show it, in <paramref name="display"/>.</summary>
    internal static ForceStopRequestView Of(ForceStopApprovalRequest request, DisplayContext display, DisplayNames names) => new()
    {
        RequestId = request.Id,
        RequestedBy = request.RequestedBy,
        RequestedAt = request.RequestedAt,
        RequestedTime = display.FormatTime(request.RequestedAt),
        Result = request.Result,
        StatusOnApproval = names.Status(request.Result == ForceStopResult.Succeeded ? UpgradeStatus.ForceStoppedSucceeded : UpgradeStatus.ForceStoppedFailed),
        Reason = request.Reason,
        ExpiresAt = request.ExpiresAt,
        ExpiresTime = display.FormatTime(request.ExpiresAt),
    };
}
