using Dataphin.UpgradeKit.Timeline;
using Dataphin.UpgradeKit.Times;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The raw geometry of the detailed timeline (R-VIS-1): offsets from the upgrade's start, lengths and gaps in
/// milliseconds, so a page draws bars on one axis without parsing display texts. A missing value is null, never <c>-</c>.
/// Pure; reads no clock.
/// </summary>
internal static class TimelineGeometry
{
    /// <summary>Whole milliseconds, truncated toward zero.</summary>
    public static long Milliseconds(Duration duration) => duration.BclCompatibleTicks / NodaConstants.TicksPerMillisecond;

    public static long? Offset(Instant? at, Instant? upgradeStart) => at is { } a && upgradeStart is { } s ? Milliseconds(a - s) : null;

    /// <summary>
    /// A node that started and has not finished is running while the upgrade may still finish it; once the record is
    /// terminal (force-stopped, failed, stopped) it will never finish, and its length is unknown rather than growing.
    /// </summary>
    public static DurationState NodeState(TimelineNode node, UpgradeRecord record) => node.State switch
    {
        TimelineNodeState.NotStarted => DurationState.NotApplicable,
        TimelineNodeState.Running => record.Status.IsTerminal() ? DurationState.Unknown : DurationState.Running,
        TimelineNodeState.Finished => DurationState.Known,
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.State, "Unknown timeline node state."),
    };

    /// <summary>A finish-only task (a skipped step) has no measured length: unknown, placed at its finish.</summary>
    public static DurationState TaskState(DataUpdateTask task, UpgradeRecord record) => (task.StartedAt, task.EndedAt) switch
    {
        ({ }, { }) => DurationState.Known,
        (null, { }) => DurationState.Unknown,
        _ => record.Status.IsTerminal() ? DurationState.Unknown : DurationState.Running,
    };

    public static long? TaskDuration(DataUpdateTask task) =>
        task is { StartedAt: { } s, EndedAt: { } e } ? Milliseconds(e - s) : null;

    /// <summary>
    /// The stretches in which no node ran, walking the started nodes in order of start: before the first, between a
    /// node's end (the latest end so far, nodes may overlap) and the next start, and after the last end until the upgrade
    /// ended. A node still running (or never to finish) ends the walk: nothing after it is known to be idle.
    /// </summary>
    public static IReadOnlyList<TimelineGapView> Gaps(UpgradeTimeline timeline, TimeRange upgrade)
    {
        if (upgrade.Start is not { } origin)
        {
            return [];
        }

        var started = timeline.Nodes.Where(n => n.StartedAt is not null).OrderBy(n => n.StartedAt!.Value).ThenBy(n => n.Kind).ToList();
        if (started.Count == 0)
        {
            return [];
        }

        var gaps = new List<TimelineGapView>();
        var cursor = origin;
        TimelineNodeKind? after = null;
        foreach (var node in started)
        {
            var start = node.StartedAt!.Value;
            if (start > cursor)
            {
                gaps.Add(Gap(after, node.Kind, cursor, start, origin));
            }

            if (node.EndedAt is not { } end)
            {
                return gaps;
            }

            if (end >= cursor)
            {
                cursor = end;
                after = node.Kind;
            }
        }

        if (upgrade.End is { } upgradeEnd && upgradeEnd > cursor)
        {
            gaps.Add(Gap(after, null, cursor, upgradeEnd, origin));
        }

        return gaps;
    }

    private static TimelineGapView Gap(TimelineNodeKind? after, TimelineNodeKind? before, Instant from, Instant to, Instant origin) => new()
    {
        After = after,
        Before = before,
        StartedAt = from,
        EndedAt = to,
        OffsetMilliseconds = Milliseconds(from - origin),
        DurationMilliseconds = Milliseconds(to - from),
        Duration = DurationText.Format(to - from),
    };
}
