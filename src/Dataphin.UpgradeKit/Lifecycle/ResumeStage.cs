namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>Where the operator continues after "Resume upgrade" or "Resume verification".</summary>
public enum ResumeStage
{
    /// <summary>The Upgrade Dataphin page, continuing configuration.</summary>
    Configuration = 1,

    /// <summary>The Upgrade Dataphin page, continuing the current execution step.</summary>
    Execution = 2,

    /// <summary>The Dataphin Upgrade page, continuing verification.</summary>
    Verification = 3,
}
