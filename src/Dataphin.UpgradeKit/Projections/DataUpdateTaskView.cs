using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>One data-update task of the log's Data update node.</summary>
public sealed record DataUpdateTaskView
{
    /// <summary>The task's name.</summary>
    public required string Name { get; init; }

    /// <summary>Running, Success, Failed or Skipped.</summary>
    public required CodeAndName<DataUpdateTaskStatus> Status { get; init; }

    /// <summary>Its start, or null when only its finish was reported.</summary>
    public Instant? StartedAt { get; init; }

    /// <summary>Its end, or null while running.</summary>
    public Instant? EndedAt { get; init; }

    /// <summary>The start as text, or <c>-</c>.</summary>
    public required string Start { get; init; }

    /// <summary>The end as text, or <c>-</c>.</summary>
    public required string End { get; init; }

    /// <summary>The host's link to the task's details, or null.</summary>
    public string? DetailsLink { get; init; }
}
