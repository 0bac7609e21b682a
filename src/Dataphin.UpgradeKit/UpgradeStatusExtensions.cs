namespace Dataphin.UpgradeKit;

/// <summary>Facts about <see cref="UpgradeStatus"/> values.</summary>
public static class UpgradeStatusExtensions
{
    /// <summary>True for the statuses no trigger leaves (R-SM-1).</summary>
    public static bool IsTerminal(this UpgradeStatus status) => status switch
    {
        UpgradeStatus.Configuring or UpgradeStatus.Upgrading or UpgradeStatus.Verifying => false,
        _ => true,
    };
}
