using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>One data-update task of the Data update node, aggregated from its events.</summary>
/// <param name="Name">The task's name: the events' subject.</param>
/// <param name="Status">Running until a finish at or after its start is known; then the outcome of the latest finish.</param>
/// <param name="StartedAt">The earliest start reported, or null when only a finish was reported (e.g. a skipped step).</param>
/// <param name="EndedAt">The latest finish at or after the start, or null while running.</param>
/// <param name="DetailsLink">The host's link to the task's details, or null when none was reported.</param>
public sealed record DataUpdateTask(string Name, DataUpdateTaskStatus Status, Instant? StartedAt, Instant? EndedAt, string? DetailsLink);
