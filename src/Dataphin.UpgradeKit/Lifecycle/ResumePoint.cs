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

    /// <summary>Where to continue <paramref name="record"/>, from its status: its configuration, its verification, or its execution.</summary>
    internal static ResumePoint Of(UpgradeRecord record) => new()
    {
        RecordId = record.Id,
        Stage = record.Status == UpgradeStatus.Configuring ? ResumeStage.Configuration
            : record.Status == UpgradeStatus.Verifying ? ResumeStage.Verification
            : ResumeStage.Execution,
        CurrentStep = record.CurrentStep,
    };
}
