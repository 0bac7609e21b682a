using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>One data-update task of the Data update node, aggregated from its events.</summary>
public sealed record DataUpdateTask
{
    /// <summary>The task's name: the events' subject.</summary>
    public required string Name { get; init; }

    /// <summary>Running until a finish at or after its start is known; then the outcome of the latest finish.</summary>
    public required DataUpdateTaskStatus Status { get; init; }

    /// <summary>The earliest start reported, or null when only a finish was reported (e.g. a skipped step).</summary>
    public Instant? StartedAt { get; init; }

    /// <summary>The latest finish at or after the start, or null while running.</summary>
    public Instant? EndedAt { get; init; }

    /// <summary>The host's link to the task's details, or null when none was reported.</summary>
    public string? DetailsLink { get; init; }
}
