namespace Dataphin.UpgradeKit;

/// <summary>Where a force-stop request under the two-person rule stands.</summary>
public enum ForceStopRequestState
{
    /// <summary>Awaiting a second qualified operator's decision; at most one per record.</summary>
    Pending = 0,

    /// <summary>Approved: the upgrade was force-stopped with the requester's declared result.</summary>
    Approved = 1,

    /// <summary>Rejected by a second qualified operator; the upgrade went on.</summary>
    Rejected = 2,

    /// <summary>Withdrawn by the operator who made it.</summary>
    Withdrawn = 3,

    /// <summary>Nobody decided before it expired.</summary>
    Expired = 4,

    /// <summary>The upgrade ended otherwise (stopped, failed or its steps completed) while the request waited.</summary>
    Superseded = 5,
}
