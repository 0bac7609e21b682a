using System.Globalization;
using Dataphin.UpgradeKit.Operators;

namespace Dataphin.UpgradeKit.Actions;

/// <summary>
/// Says which actions the Actions column offers for a record and an operator and, for the others, why not
///. Thread-safe.
/// </summary>
public interface IActionEligibilityPolicy
{
    /// <summary>The answer for every action.</summary>
    /// <param name="record">The record as stored.</param>
    /// <param name="actor">Who is asking; part of the question.</param>
    /// <param name="culture">The language of the reason sentences; English when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> or <paramref name="actor"/> is null.</exception>
    ActionEligibilitySet Evaluate(UpgradeRecord record, OperatorIdentity actor, CultureInfo? culture = null);

    /// <summary>
    /// The answer for every action, knowing the record's pending force-stop request: who may approve, reject or withdraw
    /// it, and that no second request may be made while it waits. The SDK reads the request and calls this for the rows,
    /// the list and the actions offered when the host requires a second engineer's approval for force-stops.
    /// </summary>
    /// <remarks>
    /// The default implementation ignores <paramref name="pendingForceStop"/> and answers as <see cref="Evaluate"/>: a
    /// policy that wraps another should override it and forward the request, or approval is shown as refused.
    /// </remarks>
    /// <param name="record">The record as stored.</param>
    /// <param name="actor">Who is asking; part of the question.</param>
    /// <param name="pendingForceStop">The record's pending force-stop request, or null when none waits.</param>
    /// <param name="culture">The language of the reason sentences; English when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> or <paramref name="actor"/> is null.</exception>
    ActionEligibilitySet EvaluateWithPendingRequest(UpgradeRecord record, OperatorIdentity actor, ForceStopApprovalRequest? pendingForceStop,
        CultureInfo? culture = null) => Evaluate(record, actor, culture);
}
