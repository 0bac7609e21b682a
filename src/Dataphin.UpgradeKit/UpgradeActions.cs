namespace Dataphin.UpgradeKit;

/// <summary>
/// The correspondence between the Actions column's actions and lifecycle operations: each action fires the
/// operation of the same name, so a new action needs no entry here. Thread-safe.
/// </summary>
public static class UpgradeActions
{
    private static readonly UpgradeAction[] Actions = Enum.GetValues<UpgradeAction>();
    private static readonly UpgradeOperation[] OperationOf = [.. Actions.Select(OperationNamed)];

    /// <summary>Every action, in column order (the ascending order of their values).</summary>
    public static IReadOnlyList<UpgradeAction> All { get; } = Array.AsReadOnly(Actions);

    /// <summary>The lifecycle operation an action fires.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not defined.</exception>
    public static UpgradeOperation ToOperation(this UpgradeAction action)
    {
        var index = Array.IndexOf(Actions, action);
        return index >= 0 ? OperationOf[index] : throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action.");
    }

    /// <summary>The action that fires <paramref name="operation"/>, if it is one of the Actions column's.</summary>
    public static bool TryFromOperation(UpgradeOperation operation, out UpgradeAction action)
    {
        var index = Array.IndexOf(OperationOf, operation);
        action = index >= 0 ? Actions[index] : default;
        return index >= 0;
    }

    private static UpgradeOperation OperationNamed(UpgradeAction action) =>
        Enum.TryParse<UpgradeOperation>(action.ToString(), out var operation)
            ? operation
            : throw new InvalidOperationException($"The action {action} has no lifecycle operation of the same name.");
}
