namespace Dataphin.UpgradeKit;

/// <summary>The mode chosen for the DataService Studio sub-product during an upgrade.</summary>
public enum DataServiceStudioUpgradeMode
{
    /// <summary>DataService Studio is upgraded together with the platform.</summary>
    UpgradeTogether = 1,

    /// <summary>DataService Studio is upgraded separately, after the platform.</summary>
    UpgradeSeparately = 2,

    /// <summary>DataService Studio is not upgraded.</summary>
    DoNotUpgrade = 3,
}
