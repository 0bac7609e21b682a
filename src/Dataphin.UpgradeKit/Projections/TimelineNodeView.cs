using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// One node of the log's detailed timeline, displayed by its state: not started, no time; running, <c>{start} ~</c>;
/// finished under the short-node threshold, only the completion time; finished otherwise, <c>{start} ~ {end}</c>.
/// </summary>
public sealed record TimelineNodeView
{
    /// <summary>Which node.</summary>
    public required TimelineNodeKind Node { get; init; }

    /// <summary>The node's display name.</summary>
    public required string Name { get; init; }

    /// <summary>Not started, running or finished.</summary>
    public required TimelineNodeState State { get; init; }

    /// <summary>The node's start, or null when not started.</summary>
    public Instant? StartedAt { get; init; }

    /// <summary>The node's end, or null until finished.</summary>
    public Instant? EndedAt { get; init; }

    /// <summary>The start as text when the panel shows it (running, or finished and not short); otherwise null.</summary>
    public string? Start { get; init; }

    /// <summary>The completion time as text when finished; otherwise null.</summary>
    public string? End { get; init; }

    /// <summary>The whole display: empty, <c>{start} ~</c>, <c>{end}</c> or <c>{start} ~ {end}</c>.</summary>
    public required string Text { get; init; }

    /// <summary>
    /// The node's start measured from the upgrade's start, in milliseconds (negative when the node was reported as starting
    /// before the upgrade), or null when the node or the upgrade has no start.
    /// </summary>
    public long? OffsetMilliseconds { get; init; }

    /// <summary>The node's end minus its start in milliseconds, or null unless <see cref="DurationState"/> is <see cref="Projections.DurationState.Known"/>.</summary>
    public long? DurationMilliseconds { get; init; }

    /// <summary>
    /// Known once the node finished; running while it may still finish; unknown for a node that started but will never
    /// finish because the upgrade ended without it (e.g. force-stopped); not applicable before it starts.
    /// </summary>
    public DurationState DurationState { get; init; }

    /// <summary>The data-update tasks for the Data update node; empty for the others.</summary>
    public required IReadOnlyList<DataUpdateTaskView> Tasks { get; init; }
}
