namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// The correspondence between the Actions column's actions and lifecycle operations, as the SDK's action catalog
/// joins them. Thread-safe.
/// </summary>
public static class UpgradeActions
{
    /// <summary>Every action, in column order (the ascending order of their values).</summary>
    public static IReadOnlyList<UpgradeAction> All { get; } = Array.AsReadOnly(ActionCatalog.All.Select(e => e.Action).ToArray());

    /// <summary>The lifecycle operation an action fires.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not defined.</exception>
    public static UpgradeOperation ToOperation(this UpgradeAction action) => ActionCatalog.Of(action).Operation;

    /// <summary>The action that fires <paramref name="operation"/>, if it is one of the Actions column's.</summary>
    public static bool TryFromOperation(UpgradeOperation operation, out UpgradeAction action)
    {
        var entry = ActionCatalog.ForOperation(operation);
        action = entry?.Action ?? default;
        return entry is not null;
    }
}
