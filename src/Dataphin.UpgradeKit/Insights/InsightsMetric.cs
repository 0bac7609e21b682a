namespace Dataphin.UpgradeKit.Insights;

/// <summary>A duration the insights describe by its order statistics.</summary>
public enum InsightsMetric
{
    /// <summary>Upgrade end minus upgrade start, for every record that has both.</summary>
    UpgradeDuration = 1,

    /// <summary>Maintenance-mode end minus start, for every record that has both.</summary>
    MaintenanceDuration = 2,

    /// <summary>
    /// From the end of a failed (or force-stopped and marked as failed) upgrade to the end of the next upgrade of the same
    /// group that succeeded (or was force-stopped and marked as succeeded), ending strictly later.
    /// </summary>
    TimeToRecover = 3,
}
