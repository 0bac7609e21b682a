namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>Where the operator continues after "Resume upgrade" or "Resume verification" (R-SM-3).</summary>
public enum ResumeStage
{
    /// <summary>The Upgrade Dataphin page, continuing configuration.</summary>
    Configuration = 1,

    /// <summary>The Upgrade Dataphin page, continuing the current execution step.</summary>
    Execution = 2,

    /// <summary>The Dataphin Upgrade page, continuing verification.</summary>
    Verification = 3,
}

/// <summary>Where to send the operator who resumes an upgrade or its verification (R-SM-3).</summary>
/// <param name="RecordId">The record.</param>
/// <param name="Stage">Configuration, execution or verification.</param>
/// <param name="CurrentStep">The step the host last reported, or null.</param>
public sealed record ResumePoint(UpgradeRecordId RecordId, ResumeStage Stage, string? CurrentStep);
