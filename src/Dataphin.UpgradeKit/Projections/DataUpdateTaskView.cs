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

    /// <summary>
    /// The task's start (or, for a task reported only as finished, its finish) measured from the upgrade's start, in
    /// milliseconds, or null when the upgrade has no start.
    /// </summary>
    public long? OffsetMilliseconds { get; init; }

    /// <summary>The task's end minus its start in milliseconds, or null unless <see cref="DurationState"/> is <see cref="Projections.DurationState.Known"/>.</summary>
    public long? DurationMilliseconds { get; init; }

    /// <summary>
    /// Known once the task finished after a reported start; running while it may still finish; unknown for a task that
    /// will never finish (the upgrade ended without it) or whose start was never reported.
    /// </summary>
    public DurationState DurationState { get; init; }

    /// <summary>The host's link to the task's details, or null.</summary>
    public string? DetailsLink { get; init; }
}
