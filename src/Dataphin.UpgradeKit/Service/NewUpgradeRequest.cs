namespace Dataphin.UpgradeKit.Service;

/// <summary>What an operator chooses when starting to configure an upgrade.</summary>
/// <param name="TargetVersion">The version to upgrade to; must be greater than <paramref name="InitialVersion"/> (R-REC-1).</param>
/// <param name="InitialVersion">The version installed now.</param>
/// <param name="Mode">Maintenance (downtime) or zero-downtime.</param>
/// <param name="DataServiceStudioMode">The mode for DataService Studio.</param>
public sealed record NewUpgradeRequest(
    ProductVersion TargetVersion,
    ProductVersion InitialVersion,
    UpgradeMode Mode,
    DataServiceStudioUpgradeMode DataServiceStudioMode);
