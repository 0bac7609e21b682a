namespace Dataphin.UpgradeKit.Timeline;

/// <summary>Where a timeline node is.</summary>
public enum TimelineNodeState
{
    /// <summary>No event of the node is known: no time is shown.</summary>
    NotStarted = 0,

    /// <summary>Started, and some subject that started has not finished: shown as <c>{start} ~</c>.</summary>
    Running = 1,

    /// <summary>Every subject that started has finished.</summary>
    Finished = 2,
}
