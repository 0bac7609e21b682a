
namespace Dataphin.UpgradeKit.Projections;

/// <summary>One action of a row's Actions column for the asking operator (R-ACT-1).</summary>
/// <param name="Action">The action's code.</param>
/// <param name="Name">The action's display name.</param>
/// <param name="Offered">True when the column offers it.</param>
/// <param name="Reason">Why not; <see cref="ActionReasonCode.None"/> when offered.</param>
/// <param name="Explanation">The reason as a sentence for a disabled button's tooltip; empty when offered.</param>
public sealed record ActionView(UpgradeAction Action, string Name, bool Offered, ActionReasonCode Reason, string Explanation);
