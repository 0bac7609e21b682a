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

    /// <summary>Request force-stop: Upgrading, for a qualified O&amp;M engineer, when the host requires a second engineer's approval.</summary>
    RequestForceStop = 7,

    /// <summary>Approve the pending force-stop request: a qualified O&amp;M engineer other than the one who asked.</summary>
    ApproveForceStop = 8,

    /// <summary>Reject the pending force-stop request: the same engineers as for approval; the upgrade goes on.</summary>
    RejectForceStop = 9,

    /// <summary>Withdraw the pending force-stop request: only the engineer who asked.</summary>
    WithdrawForceStop = 10,
}
