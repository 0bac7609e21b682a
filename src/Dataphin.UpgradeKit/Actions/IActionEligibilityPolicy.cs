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
}
