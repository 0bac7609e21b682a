namespace Dataphin.UpgradeKit;

/// <summary>The actions of the Upgrade Records list's Actions column.</summary>
public enum UpgradeAction
{
    /// <summary>Resume upgrade: Configuring or Upgrading.</summary>
    ResumeUpgrade = 0,

    /// <summary>Resume verification: Verifying.</summary>
    ResumeVerification = 1,

    /// <summary>Cancel upgrade: Configuring.</summary>
    Cancel = 2,

    /// <summary>Stop upgrade: Upgrading, while the force-stop task has not run or shutdown has not started.</summary>
    Stop = 3,

    /// <summary>Force-stop upgrade: Upgrading, for a qualified O&amp;M engineer.</summary>
    ForceStop = 4,

    /// <summary>Complete upgrade: Verifying.</summary>
    Complete = 5,

    /// <summary>View log: Succeeded, Stopped, Force-Stopped and Marked as Succeeded or as Failed.</summary>
    ViewLog = 6,
}
