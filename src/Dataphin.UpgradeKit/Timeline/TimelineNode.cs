using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// One node of the detailed timeline, aggregated from raw events. Invariants: <see cref="StartedAt"/> is
/// known exactly when the node is not <see cref="TimelineNodeState.NotStarted"/>, <see cref="EndedAt"/> exactly when it
/// is <see cref="TimelineNodeState.Finished"/>, and the end is never before the start.
/// </summary>
/// <param name="Kind">Which node.</param>
/// <param name="State">Not started, running or finished.</param>
/// <param name="StartedAt">The earliest start of any of its subjects (a subject reported only as finished counts as starting then).</param>
/// <param name="EndedAt">The latest end of its subjects, once every subject that started has finished.</param>
/// <param name="Tasks">For <see cref="TimelineNodeKind.DataUpdate"/>: each task, ordered by start (or end), then name; empty for the other nodes.</param>
public sealed record TimelineNode(
    TimelineNodeKind Kind,
    TimelineNodeState State,
    Instant? StartedAt,
    Instant? EndedAt,
    IReadOnlyList<DataUpdateTask> Tasks)
{
    /// <summary>End minus start for a finished node; null otherwise. Never negative.</summary>
    public Duration? Duration => StartedAt is { } start && EndedAt is { } end ? end - start : null;

    /// <summary>
    /// True when the node finished in less than <paramref name="threshold"/>: the log then shows only its completion
    /// time.
    /// </summary>
    public bool IsShort(Duration threshold) => State == TimelineNodeState.Finished && Duration < threshold;

    /// <summary>
    /// False only for a Data update node without tasks, which the log does not show; the other nodes are
    /// always shown, without a time until they start.
    /// </summary>
    public bool IsShown => Kind != TimelineNodeKind.DataUpdate || Tasks.Count > 0;
}
