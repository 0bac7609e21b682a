namespace Dataphin.UpgradeKit;

/// <summary>How the platform is upgraded.</summary>
public enum UpgradeMode
{
    /// <summary>With downtime: the platform enters maintenance upgrade mode and the console is unavailable.</summary>
    Maintenance = 1,

    /// <summary>Without downtime: no maintenance mode and no detailed timeline.</summary>
    ZeroDowntime = 2,
}
