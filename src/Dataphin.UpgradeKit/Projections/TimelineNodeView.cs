using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// One node of the log's detailed timeline, displayed by its state: not started, no time; running, <c>{start} ~</c>;
/// finished under the short-node threshold, only the completion time; finished otherwise, <c>{start} ~ {end}</c>.
/// </summary>
/// <param name="Node">Which node.</param>
/// <param name="Name">The node's display name.</param>
/// <param name="State">Not started, running or finished.</param>
/// <param name="StartedAt">The node's start, or null when not started.</param>
/// <param name="EndedAt">The node's end, or null until finished.</param>
/// <param name="Start">The start as text when the panel shows it (running, or finished and not short); otherwise null.</param>
/// <param name="End">The completion time as text when finished; otherwise null.</param>
/// <param name="Text">The whole display: empty, <c>{start} ~</c>, <c>{end}</c> or <c>{start} ~ {end}</c>.</param>
/// <param name="Tasks">The data-update tasks for the Data update node; empty for the others.</param>
public sealed record TimelineNodeView(
    TimelineNodeKind Node,
    string Name,
    TimelineNodeState State,
    Instant? StartedAt,
    Instant? EndedAt,
    string? Start,
    string? End,
    string Text,
    IReadOnlyList<DataUpdateTaskView> Tasks);
