namespace Dataphin.UpgradeKit;

/// <summary>The result an O&amp;M engineer declares when force-stopping an upgrade.</summary>
public enum ForceStopResult
{
    /// <summary>"Upgrade succeeded: Dataphin has been upgraded to the new version" by hand.</summary>
    Succeeded = 1,

    /// <summary>"Upgrade failed: Dataphin has been rolled back to the original version" by hand.</summary>
    Failed = 2,
}
