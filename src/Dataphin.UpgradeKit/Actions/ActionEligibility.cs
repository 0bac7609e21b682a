namespace Dataphin.UpgradeKit.Actions;

/// <summary>
/// Whether one action is offered for a record and an operator and, when it is not, why:
/// a reason code for programs and a sentence for a disabled button's tooltip.
/// </summary>
/// <param name="Action">The action.</param>
/// <param name="IsOffered">True when the Actions column offers it.</param>
/// <param name="Reason">Why not; <see cref="ActionReasonCode.None"/> when offered.</param>
/// <param name="Explanation">The reason as a sentence in the requested culture; empty when offered.</param>
public readonly record struct ActionEligibility(UpgradeAction Action, bool IsOffered, ActionReasonCode Reason, string Explanation)
{
    /// <summary>True when the host requires the operator to give a reason for this action (a dialog then asks for one).</summary>
    public bool ReasonRequired { get; init; }
}
