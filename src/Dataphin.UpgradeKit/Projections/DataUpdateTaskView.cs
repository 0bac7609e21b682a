using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>One data-update task of the log's Data update node.</summary>
/// <param name="Name">The task's name.</param>
/// <param name="Status">Running, Success, Failed or Skipped.</param>
/// <param name="StartedAt">Its start, or null when only its finish was reported.</param>
/// <param name="EndedAt">Its end, or null while running.</param>
/// <param name="Start">The start as text, or <c>-</c>.</param>
/// <param name="End">The end as text, or <c>-</c>.</param>
/// <param name="DetailsLink">The host's link to the task's details, or null.</param>
public sealed record DataUpdateTaskView(
    string Name,
    CodeAndName<DataUpdateTaskStatus> Status,
    Instant? StartedAt,
    Instant? EndedAt,
    string Start,
    string End,
    string? DetailsLink);
