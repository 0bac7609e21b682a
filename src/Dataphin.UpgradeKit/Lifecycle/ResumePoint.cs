namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>Where to send the operator who resumes an upgrade or its verification.</summary>
public sealed record ResumePoint
{
    /// <summary>The record.</summary>
    public required UpgradeRecordId RecordId { get; init; }

    /// <summary>Configuration, execution or verification.</summary>
    public required ResumeStage Stage { get; init; }

    /// <summary>The step the host last reported, or null.</summary>
    public string? CurrentStep { get; init; }
}
