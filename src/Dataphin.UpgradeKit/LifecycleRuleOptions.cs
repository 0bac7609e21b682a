namespace Dataphin.UpgradeKit;

/// <summary>
/// The decisions of the spec a host may change. Defaults are the spec's decisions. Whatever the values, the
/// eligibility policy and the state machine answer from one table compiled from them, so they never disagree
///. Validated with the other options (<see cref="UpgradeKitOptions.Validate"/>); binds from configuration,
/// e.g. <c>"Rules": { "ViewLogStatuses": [ "Succeeded", "Stopped", "Failed" ], "StopWindow": "Strict" }</c>.
/// </summary>
public sealed class LifecycleRuleOptions
{
    /// <summary>The statuses the default rules offer View log (and the configuration download) for.</summary>
    public static IReadOnlyList<UpgradeStatus> DefaultViewLogStatuses { get; } = Array.AsReadOnly(
        Enum.GetValues<UpgradeStatus>().Where(status => UpgradeStatusFacts.Of(status).ViewLogByDefault).ToArray());

    /// <summary>
    /// The statuses whose records offer View log; the configuration download follows View log. A host may
    /// widen it, e.g. with <see cref="UpgradeStatus.Failed"/>, or narrow it; an empty list offers View log nowhere.
    /// Duplicates are ignored.
    /// </summary>
    /// <value>
    /// The default value is null: <see cref="DefaultViewLogStatuses"/> (Succeeded, Stopped, and both force-stopped
    /// statuses; not Upgrade Failed nor Canceled). Null rather than a pre-filled list so
    /// that a list bound from configuration replaces the default instead of being appended to it.
    /// </value>
    public IList<UpgradeStatus>? ViewLogStatuses { get; set; }

    /// <summary>How the Stop window is read.</summary>
    /// <value>The default value is <see cref="StopWindowReading.Literal"/>.</value>
    public StopWindowReading StopWindow { get; set; } = StopWindowReading.Literal;

    /// <summary>
    /// True to remove a record cancelled before any configuration was saved (no trace in the list); false to keep it
    /// as Canceled like any other cancelled record.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool RemoveCanceledWithoutConfiguration { get; set; } = true;

    /// <summary>The actions that take a reason from the operator: Stop, Force-stop and Cancel.</summary>
    public static IReadOnlyList<UpgradeAction> ReasonActions { get; } = Array.AsReadOnly(
        [UpgradeAction.Cancel, UpgradeAction.Stop, UpgradeAction.ForceStop]);

    /// <summary>The actions whose reason is required by default: Force-stop.</summary>
    public static IReadOnlyList<UpgradeAction> DefaultReasonRequiredFor { get; } = Array.AsReadOnly([UpgradeAction.ForceStop]);

    /// <summary>
    /// The actions an operator must give a reason for; a request without one is refused and audited like any refused
    /// action. Only the actions of <see cref="ReasonActions"/> take a reason; the others may not be listed. A reason
    /// given for an action that does not require one is recorded all the same. Duplicates are ignored.
    /// </summary>
    /// <value>
    /// The default value is null: <see cref="DefaultReasonRequiredFor"/> (Force-stop). An empty list requires a
    /// reason nowhere. Null rather than a pre-filled list so that a list bound from configuration replaces the
    /// default instead of being appended to it.
    /// </value>
    public IList<UpgradeAction>? ReasonRequiredFor { get; set; }

    /// <summary>The actions the two-person rule can govern: Force-stop.</summary>
    public static IReadOnlyList<UpgradeAction> ApprovalActions { get; } = Array.AsReadOnly([UpgradeAction.ForceStop]);

    /// <summary>
    /// The actions that one qualified operator requests and a different qualified operator approves (the two-person
    /// rule); the action takes effect on approval. Only Force-stop can be listed. Duplicates are ignored.
    /// </summary>
    /// <value>
    /// The default value is null: Force-stop needs approval. An empty list turns the two-person rule off, so that one
    /// qualified operator force-stops alone. Null rather than a pre-filled list so that a list bound from configuration
    /// replaces the default instead of being appended to it.
    /// </value>
    public IList<UpgradeAction>? ApprovalRequiredFor { get; set; }

    /// <summary>
    /// True when the operator who created the upgrade may approve or reject a force-stop request on it (when they did
    /// not make the request themselves); false to exclude them.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool CreatorMayApprove { get; set; } = true;

    /// <summary>True when Force-stop needs a second qualified operator's approval.</summary>
    // R-GOV-2: on by default.
    internal bool ForceStopNeedsApproval => ApprovalRequiredFor?.Contains(UpgradeAction.ForceStop) ?? true;

    /// <summary>The problems of these options, each a sentence; empty when valid.</summary>
    internal IEnumerable<string> Problems()
    {
        foreach (var action in ReasonRequiredFor ?? [])
        {
            if (!ReasonActions.Contains(action))
            {
                yield return $"Rules.ReasonRequiredFor holds {action}, which takes no reason (only Cancel, Stop and ForceStop do).";
            }
        }

        foreach (var action in ApprovalRequiredFor ?? [])
        {
            if (!ApprovalActions.Contains(action))
            {
                yield return $"Rules.ApprovalRequiredFor holds {action}; only ForceStop can need a second operator's approval.";
            }
        }

        foreach (var status in ViewLogStatuses ?? [])
        {
            if (!Enum.IsDefined(status))
            {
                yield return $"Rules.ViewLogStatuses holds {(int)status}, which is not an upgrade status.";
            }
        }

        if (!Enum.IsDefined(StopWindow))
        {
            yield return $"Rules.StopWindow must be Literal or Strict (it is {(int)StopWindow}).";
        }
    }
}
