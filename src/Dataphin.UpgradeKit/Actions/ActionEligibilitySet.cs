using System.Collections;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;

namespace Dataphin.UpgradeKit.Actions;

/// <summary>
/// The answer for every action of <see cref="UpgradeAction"/>, in column order (<see cref="UpgradeActions.All"/>). Immutable and shared:
/// the policy hands out the same instance for the same situation.
/// </summary>
public sealed class ActionEligibilitySet : IReadOnlyList<ActionEligibility>
{
    private readonly ActionEligibility[] _items;

    internal ActionEligibilitySet(ActionEligibility[] items)
    {
        _items = items;
    }

    /// <summary>
    /// An answer made of <paramref name="answers"/>, one for each action in column order: for a host's policy that
    /// decorates the default one (rewording explanations, say; see <see cref="ActionEligibilityPolicy"/> for what it may change).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="answers"/> is null.</exception>
    /// <exception cref="ArgumentException">The answers are not exactly one per action in <see cref="UpgradeActions.All"/> order.</exception>
    public static ActionEligibilitySet Create(IEnumerable<ActionEligibility> answers)
    {
        var items = Guard.NotNull(answers).ToArray();
        var actions = UpgradeActions.All;
        if (items.Length != actions.Count || items.Where((item, i) => item.Action != actions[i]).Any())
        {
            throw new ArgumentException(
                $"An eligibility answer needs one entry per action, in this order: {string.Join(", ", actions)}.", nameof(answers));
        }

        return new ActionEligibilitySet(items);
    }

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public ActionEligibility this[int index] => _items[index];

    /// <summary>The answer for <paramref name="action"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not a defined action.</exception>
    public ActionEligibility this[UpgradeAction action] => _items[EnumOrdinals<UpgradeAction>.Of(action)];

    /// <summary>True when <paramref name="action"/> is offered.</summary>
    public bool IsOffered(UpgradeAction action) => this[action].IsOffered;

    /// <summary>The offered actions, in column order.</summary>
    public IEnumerable<UpgradeAction> Offered
    {
        get
        {
            foreach (var item in _items)
            {
                if (item.IsOffered)
                {
                    yield return item.Action;
                }
            }
        }
    }

    /// <inheritdoc />
    public IEnumerator<ActionEligibility> GetEnumerator() => ((IEnumerable<ActionEligibility>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
