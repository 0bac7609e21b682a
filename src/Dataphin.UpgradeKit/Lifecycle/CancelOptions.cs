namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What an operator gives when cancelling an upgrade.</summary>
public sealed record CancelOptions
{
    /// <summary>
    /// Why the operator cancels the upgrade; recorded in the audit trail. Null when none was given, which is refused
    /// when the host requires a reason for Cancel (<see cref="LifecycleRuleOptions.ReasonRequiredFor"/>).
    /// </summary>
    public OperatorReason? Reason { get; init; }
}
