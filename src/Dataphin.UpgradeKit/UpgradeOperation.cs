namespace Dataphin.UpgradeKit;

/// <summary>Everything that can be asked of an upgrade record: operator actions and what the host reports.</summary>
public enum UpgradeOperation
{
    /// <summary>An operator creates the record (status Configuring).</summary>
    Create = 1,

    /// <summary>An operator saves the configuration (Configuring only).</summary>
    SaveConfiguration = 2,

    /// <summary>The host starts the upgrade: Configuring to Upgrading.</summary>
    Start = 3,

    /// <summary>The host reports progress facts (force-stop task ran, shutdown started, current step).</summary>
    ReportProgress = 4,

    /// <summary>The host reports the upgrade steps completed: Upgrading to Verifying.</summary>
    CompleteSteps = 5,

    /// <summary>The host reports the upgrade failed: Upgrading to Failed.</summary>
    Fail = 6,

    /// <summary>The host reports maintenance upgrade mode was exited.</summary>
    ExitMaintenanceMode = 7,

    /// <summary>Operator action "Resume upgrade".</summary>
    ResumeUpgrade = 8,

    /// <summary>Operator action "Resume verification".</summary>
    ResumeVerification = 9,

    /// <summary>Operator action "Cancel upgrade".</summary>
    Cancel = 10,

    /// <summary>Operator action "Stop upgrade".</summary>
    Stop = 11,

    /// <summary>Operator action "Force-stop upgrade".</summary>
    ForceStop = 12,

    /// <summary>Operator action "Complete upgrade".</summary>
    Complete = 13,

    /// <summary>Operator action "View log".</summary>
    ViewLog = 14,

    /// <summary>An operator downloads the encrypted configuration file.</summary>
    DownloadConfiguration = 15,

    /// <summary>An operator pins the record: no retention policy removes it. Allowed in every status; not a lifecycle action.</summary>
    Pin = 16,

    /// <summary>An operator unpins the record: the retention policy applies to it again. Allowed in every status.</summary>
    Unpin = 17,

    /// <summary>A qualified operator asks for a force-stop that a second qualified operator must approve.</summary>
    RequestForceStop = 20,

    /// <summary>A second qualified operator approves the pending force-stop request: the upgrade is force-stopped with the requester's declared result.</summary>
    ApproveForceStop = 21,

    /// <summary>A second qualified operator rejects the pending force-stop request; the upgrade goes on.</summary>
    RejectForceStop = 22,

    /// <summary>The operator who asked for the force-stop withdraws the request.</summary>
    WithdrawForceStop = 23,

    /// <summary>The SDK closes a force-stop request nobody decided in time.</summary>
    ExpireForceStopRequest = 24,
}
