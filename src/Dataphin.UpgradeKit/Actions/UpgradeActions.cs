using Dataphin.UpgradeKit.Lifecycle;

namespace Dataphin.UpgradeKit.Actions;

/// <summary>The correspondence between the Actions column's actions and lifecycle operations.</summary>
public static class UpgradeActions
{
    /// <summary>Every action, in column order.</summary>
    public static IReadOnlyList<UpgradeAction> All { get; } =
    [
        UpgradeAction.ResumeUpgrade, UpgradeAction.ResumeVerification, UpgradeAction.Cancel, UpgradeAction.Stop,
        UpgradeAction.ForceStop, UpgradeAction.Complete, UpgradeAction.ViewLog,
    ];

    /// <summary>The lifecycle operation an action fires.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not defined.</exception>
    public static UpgradeOperation ToOperation(this UpgradeAction action) => action switch
    {
        UpgradeAction.ResumeUpgrade => UpgradeOperation.ResumeUpgrade,
        UpgradeAction.ResumeVerification => UpgradeOperation.ResumeVerification,
        UpgradeAction.Cancel => UpgradeOperation.Cancel,
        UpgradeAction.Stop => UpgradeOperation.Stop,
        UpgradeAction.ForceStop => UpgradeOperation.ForceStop,
        UpgradeAction.Complete => UpgradeOperation.Complete,
        UpgradeAction.ViewLog => UpgradeOperation.ViewLog,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action."),
    };

    /// <summary>The action that fires <paramref name="operation"/>, if it is one of the Actions column's.</summary>
    public static bool TryFromOperation(UpgradeOperation operation, out UpgradeAction action)
    {
        foreach (var candidate in All)
        {
            if (candidate.ToOperation() == operation)
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }
}
