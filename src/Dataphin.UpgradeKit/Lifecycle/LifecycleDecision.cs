namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What the state machine says about one operation: permitted (and where to), or why not.</summary>
/// <param name="IsPermitted">True when firing succeeds.</param>
/// <param name="Destination">The status afterwards (the same status for an internal transition or a refusal).</param>
/// <param name="Reason">Why not; <see cref="ActionReasonCode.None"/> when permitted.</param>
/// <param name="RemovesRecord">True when the transition taken removes the record (a cancel without saved configuration, R-REC-2).</param>
internal readonly record struct LifecycleDecision(bool IsPermitted, UpgradeStatus Destination, ActionReasonCode Reason, bool RemovesRecord = false);
