using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// One node of the detailed timeline, aggregated from raw events. Invariants: <see cref="StartedAt"/> is
/// known exactly when the node is not <see cref="TimelineNodeState.NotStarted"/>, <see cref="EndedAt"/> exactly when it
/// is <see cref="TimelineNodeState.Finished"/>, and the end is never before the start.
/// </summary>
public sealed record TimelineNode
{
    /// <summary>Which node.</summary>
    public required TimelineNodeKind Kind { get; init; }

    /// <summary>Not started, running or finished.</summary>
    public required TimelineNodeState State { get; init; }

    /// <summary>The earliest start of any of its subjects (a subject reported only as finished counts as starting then).</summary>
    public Instant? StartedAt { get; init; }

    /// <summary>The latest end of its subjects, once every subject that started has finished.</summary>
    public Instant? EndedAt { get; init; }

    /// <summary>For <see cref="TimelineNodeKind.DataUpdate"/>: each task, ordered by start (or end), then name; empty for the other nodes.</summary>
    public required IReadOnlyList<DataUpdateTask> Tasks { get; init; }

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
