namespace Dataphin.UpgradeKit.Timeline;

/// <summary>The status a data-update task is listed with.</summary>
public enum DataUpdateTaskStatus
{
    /// <summary>Started and not (consistently) finished yet.</summary>
    Running = 0,

    /// <summary>The task succeeded.</summary>
    Success = 1,

    /// <summary>The task failed.</summary>
    Failed = 2,

    /// <summary>The step was omitted during the upgrade.</summary>
    Skipped = 3,
}
