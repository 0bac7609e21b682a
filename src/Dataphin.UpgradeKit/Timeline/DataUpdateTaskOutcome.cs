namespace Dataphin.UpgradeKit.Timeline;

/// <summary>How a data-update task finished.</summary>
public enum DataUpdateTaskOutcome
{
    /// <summary>The task succeeded.</summary>
    Success = 1,

    /// <summary>The task failed.</summary>
    Failed = 2,

    /// <summary>The step was omitted during the upgrade.</summary>
    Skipped = 3,
}
