namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>Where to send the operator who resumes an upgrade or its verification.</summary>
/// <param name="RecordId">The record.</param>
/// <param name="Stage">Configuration, execution or verification.</param>
/// <param name="CurrentStep">The step the host last reported, or null.</param>
public sealed record ResumePoint(UpgradeRecordId RecordId, ResumeStage Stage, string? CurrentStep);
