namespace Dataphin.UpgradeKit;

/// <summary>Facts about <see cref="UpgradeStatus"/> values.</summary>
public static class UpgradeStatusExtensions
{
    /// <summary>True for the statuses no trigger leaves.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a defined status.</exception>
    public static bool IsTerminal(this UpgradeStatus status) => UpgradeStatusFacts.Of(status).IsTerminal;
}
