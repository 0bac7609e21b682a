namespace Dataphin.UpgradeKit;

/// <summary>The status of an upgrade record. Terminal statuses are absorbing.</summary>
public enum UpgradeStatus
{
    /// <summary>The upgrade is being configured. Display name "Configuring".</summary>
    Configuring = 1,

    /// <summary>The upgrade is running. Display name "Upgrading".</summary>
    Upgrading = 2,

    /// <summary>The upgrade steps completed and the operator verifies the result. Display name "Verifying".</summary>
    Verifying = 3,

    /// <summary>Terminal. Display name "Upgrade Succeeded".</summary>
    Succeeded = 4,

    /// <summary>Terminal. Display name "Upgrade Failed".</summary>
    Failed = 5,

    /// <summary>Terminal. Display name "Upgrade Stopped".</summary>
    Stopped = 6,

    /// <summary>Terminal. Display name "Force-Stopped and Marked as Succeeded".</summary>
    ForceStoppedSucceeded = 7,

    /// <summary>Terminal. Display name "Force-Stopped and Marked as Failed".</summary>
    ForceStoppedFailed = 8,

    /// <summary>Terminal. A cancelled upgrade whose configuration was saved. Display name "Canceled".</summary>
    Canceled = 9,
}
