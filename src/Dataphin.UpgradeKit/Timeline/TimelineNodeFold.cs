using System.Buffers;
using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>The last step of aggregation: the subjects, once known, folded into one node per kind.</summary>
internal static class TimelineNodeFold
{
    // From the enum, not a hand-kept count: a node added to TimelineNodeKind is aggregated without an edit here.
    private static int NodeCount => EnumOrdinals<TimelineNodeKind>.Count;

    /// <summary>Folds the subjects into the nodes, one per <see cref="TimelineNodeKind"/> in declaration order.</summary>
    public static UpgradeTimeline Build(ReadOnlySpan<TimelineSubject> all)
    {
        var perNode = new int[NodeCount];
        foreach (ref readonly var s in all)
        {
            perNode[EnumOrdinals<TimelineNodeKind>.Of(s.Node)]++;
        }

        var builders = new NodeBuilder[NodeCount];
        for (var i = 0; i < NodeCount; i++)
        {
            builders[i] = new NodeBuilder(EnumOrdinals<TimelineNodeKind>.Values[i], perNode[i]);
        }

        foreach (ref readonly var s in all)
        {
            builders[EnumOrdinals<TimelineNodeKind>.Of(s.Node)].Add(s);
        }

        var nodes = new TimelineNode[NodeCount];
        for (var i = 0; i < NodeCount; i++)
        {
            nodes[i] = builders[i].Build();
        }

        return new UpgradeTimeline(nodes);
    }

    /// <summary>Folds a node's subjects into the node: min start, max end, all finished, and the task list.</summary>
    private sealed class NodeBuilder(TimelineNodeKind kind, int subjects)
    {
        // The tasks in arrival order (pooled, like the rest of the working memory), and beside them what orders them: moving a key without references while sorting
        // costs no write barrier, and a comparison reads a task only when two times are equal.
        // A node without subjects is built as not started before its tasks are looked at (and Rent(0) borrows nothing).
        private readonly DataUpdateTask[]? _tasks = kind == TimelineNodeKind.DataUpdate ? ArrayPool<DataUpdateTask>.Shared.Rent(subjects) : null;
        // Stryker disable once Conditional : the keys are read only beside the tasks (when _tasks is set); renting them for other nodes is unused memory
        private readonly TaskKey[]? _keys = kind == TimelineNodeKind.DataUpdate ? ArrayPool<TaskKey>.Shared.Rent(subjects) : null;
        private int _taskCount;
        private Instant _start = Instant.MaxValue;
        private Instant _end = Instant.MinValue;
        private bool _allFinished = true;
        private bool _any;

        public void Add(in TimelineSubject s)
        {
            _any = true;
            var start = s.HasStart ? s.Start : s.End;
            _start = Instant.Min(_start, start);
            if (s.IsFinished)
            {
                _end = Instant.Max(_end, s.End);
            }
            else
            {
                _allFinished = false;
            }

            if (_tasks is not null)
            {
                _keys![_taskCount] = new TaskKey(start, _taskCount);
                _tasks[_taskCount++] = new DataUpdateTask
                {
                    Name = s.Name,
                    Status = s.IsFinished ? (DataUpdateTaskStatus)(int)s.Outcome : DataUpdateTaskStatus.Running,
                    StartedAt = s.HasStart ? s.Start : null,
                    EndedAt = s.IsFinished ? s.End : null,
                    DetailsLink = s.Link,
                };
            }
        }

        public TimelineNode Build()
        {
            if (!_any)
            {
                return new TimelineNode { Kind = kind, State = TimelineNodeState.NotStarted, StartedAt = null, EndedAt = null, Tasks = [] };
            }

            IReadOnlyList<DataUpdateTask> list = [];
            if (_tasks is not null)
            {
                var keys = _keys.AsSpan(0, _taskCount);
                keys.Sort(new TaskOrder(_tasks));
                var ordered = new DataUpdateTask[keys.Length];
                for (var i = 0; i < ordered.Length; i++)
                {
                    ordered[i] = _tasks[keys[i].Index];
                }

                // Stryker disable once Statement : an array not given back is a leak the collector takes; the keys hold no references
                ArrayPool<TaskKey>.Shared.Return(_keys!);
                Array.Clear(_tasks, 0, _taskCount); // no pooled array may keep a task alive
                // Stryker disable once Statement : as above; the tasks were cleared first
                ArrayPool<DataUpdateTask>.Shared.Return(_tasks);
                list = Array.AsReadOnly(ordered);
            }

            return _allFinished
                ? new TimelineNode { Kind = kind, State = TimelineNodeState.Finished, StartedAt = _start, EndedAt = _end, Tasks = list }
                : new TimelineNode { Kind = kind, State = TimelineNodeState.Running, StartedAt = _start, EndedAt = null, Tasks = list };
        }
    }

    /// <summary>When a task started (or, reported only as finished, ended), and where it is in arrival order.</summary>
    private readonly record struct TaskKey(Instant At, int Index);

    /// <summary>By start (or end), then by name: names are unique within the node, so the order is total.</summary>
    private readonly struct TaskOrder(DataUpdateTask[] tasks) : IComparer<TaskKey>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Compare(TaskKey x, TaskKey y) =>
            x.At < y.At ? -1 : x.At > y.At ? 1 : string.CompareOrdinal(tasks[x.Index].Name, tasks[y.Index].Name);
    }
}
