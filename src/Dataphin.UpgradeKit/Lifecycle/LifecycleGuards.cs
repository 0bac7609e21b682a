namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// The guard descriptions of the lifecycle. They label the rendered graph and, when a guard is unmet,
/// Stateless hands the description back; <see cref="ReasonFor"/> turns it into the eligibility reason.
/// </summary>
internal static class LifecycleGuards
{
    public const string StopWindowOpen = "force-stop task not run or application shutdown not started";
    public const string StopWindowOpenStrict = "neither force-stop task run nor application shutdown started";
    public const string OperatorQualified = "operator is a qualified O&M engineer";
    public const string DeclarationAccepted = "declaration checkbox selected";
    public const string ResultSucceeded = "declared result: upgraded to the new version";
    public const string ResultFailed = "declared result: rolled back to the original version";
    public const string ResultDeclared = "a result declared";
    public const string MaintenanceModeOn = "maintenance upgrade mode is on";
    public const string ConfigurationSaved = "configuration file saved";
    public const string CancelKeepsRecord = "configuration saved: kept as Canceled";
    public const string CancelRemovesRecord = "no configuration saved: record removed";
    public const string NoApprovalRequired = "two-person rule off";
    public const string NoRequestPending = "no force-stop request pending";
    public const string RequestPending = "a force-stop request pending";
    public const string OperatorNotRequester = "operator is not the requester";
    public const string OperatorIsRequester = "operator is the requester";
    public const string OperatorNotCreator = "operator did not create the upgrade";

    // The order is the priority when several guards fail at once: who asks first, then what they declared. The two
    // cancel guards exclude each other, so one of them always holds and neither ever comes back alone.
    private static readonly (string Description, ActionReasonCode Reason)[] Reasons =
    [
        (OperatorQualified, ActionReasonCode.OperatorNotQualified),
        (NoApprovalRequired, ActionReasonCode.ApprovalRequired),
        (NoRequestPending, ActionReasonCode.ForceStopRequestPending),
        (RequestPending, ActionReasonCode.NoForceStopRequestPending),
        (OperatorNotRequester, ActionReasonCode.RequesterCannotDecide),
        (OperatorIsRequester, ActionReasonCode.NotTheRequester),
        (OperatorNotCreator, ActionReasonCode.CreatorCannotDecide),
        (DeclarationAccepted, ActionReasonCode.DeclarationRequired),
        (ResultSucceeded, ActionReasonCode.ForceStopResultRequired),
        (ResultFailed, ActionReasonCode.ForceStopResultRequired),
        (ResultDeclared, ActionReasonCode.ForceStopResultRequired),
        (StopWindowOpen, ActionReasonCode.StopWindowClosed),
        (StopWindowOpenStrict, ActionReasonCode.StopWindowClosed),
        (MaintenanceModeOn, ActionReasonCode.MaintenanceModeNotActive),
        (ConfigurationSaved, ActionReasonCode.ConfigurationNotSaved),
    ];

    /// <summary>The reason for a refusal with <paramref name="unmetGuards"/>; no unmet guard means the status does not allow it.</summary>
    public static ActionReasonCode ReasonFor(ICollection<string>? unmetGuards)
    {
        if (unmetGuards is null || unmetGuards.Count == 0)
        {
            return ActionReasonCode.StatusNotEligible;
        }

        foreach (var (description, reason) in Reasons)
        {
            if (unmetGuards.Contains(description))
            {
                return reason;
            }
        }

        throw new InvalidOperationException($"A lifecycle guard has no reason code: {string.Join("; ", unmetGuards)}.");
    }
}
