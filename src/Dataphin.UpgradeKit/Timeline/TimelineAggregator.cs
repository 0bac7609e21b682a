using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// Builds the detailed timeline from raw events. A pure function of the <em>set</em> of events:
/// the order they arrive in and duplicates change nothing, because every per-subject figure is a minimum, a maximum or
/// a deterministic tie-break. Three sequential passes over the events (read, group by subject hash, aggregate each group)
/// plus one over the subjects; working memory comes from the shared array pool; thread-safe. Costs a few times reading
/// the events, whether they cover a few subjects or a new subject every pair (benchmarks/results/timeline.md).
/// </summary>
/// <remarks>
/// Rules, per subject (a service, a database, a task, DataService Studio) and then per node:
/// <list type="bullet">
/// <item>A subject starts at its earliest start event and ends at its latest end event.</item>
/// <item>An end earlier than the subject's start is inconsistent (the service rejects such reports; only a
/// race between two reporters can store one) and is ignored: the subject stays running.</item>
/// <item>A subject reported only as finished (a skipped task, a lost start report) is taken to start and end at its
/// finish: it finishes its node and, if it is the earliest, is where the node starts.</item>
/// <item>A node is not started without events, finished when every subject that started has finished, running
/// otherwise. It starts at its subjects' earliest start and ends at their latest end.</item>
/// <item>A data-update task's outcome is that of its latest finish; equal times break the tie by the higher outcome
/// (Success, Failed, Skipped). Its details link is the one on its latest event carrying a link, ordinal order breaking ties.</item>
/// </list>
/// </remarks>
public static partial class TimelineAggregator
{
    // From the enum, not a hand-kept count: a node added to TimelineNodeKind is aggregated without an edit here.
    private static int NodeCount => EnumOrdinals<TimelineNodeKind>.Count;

    /// <summary>The timeline of <paramref name="events"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or one of them is null.</exception>
    public static UpgradeTimeline Aggregate(IEnumerable<TimelineEvent> events)
    {
        Guard.NotNull(events);

        if (events is TimelineEvent[] array)
        {
            return AggregateGrouped(array);
        }

        if (events is List<TimelineEvent> list)
        {
            return AggregateGrouped(CollectionsMarshal.AsSpan(list));
        }

        // Any other sequence is read once into a pooled buffer (cleared before it goes back, so it keeps no event alive).
        var buffer = ArrayPool<TimelineEvent>.Shared.Rent(events.TryGetNonEnumeratedCount(out var known) ? Math.Max(known, 16) : 64);
        var count = 0;
        try
        {
            foreach (var e in events)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<TimelineEvent>.Shared.Rent(buffer.Length * 2);
                    Array.Copy(buffer, larger, count);
                    Array.Clear(buffer, 0, count);
                    ArrayPool<TimelineEvent>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = e;
            }

            return AggregateGrouped(buffer.AsSpan(0, count));
        }
        finally
        {
            Array.Clear(buffer, 0, count);
            ArrayPool<TimelineEvent>.Shared.Return(buffer);
        }
    }

    /// <summary>Folds the subjects into the nodes, one per <see cref="TimelineNodeKind"/> in declaration order.</summary>
    private static UpgradeTimeline Build(ReadOnlySpan<Subject> all)
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

    /// <summary>The node an event kind belongs to, and whether it starts (rather than ends) its subject.</summary>
    internal static (TimelineNodeKind Node, bool IsStart) Classify(TimelineEventKind kind) => kind switch
    {
        TimelineEventKind.ServiceStoppingStarted => (TimelineNodeKind.StopServices, true),
        TimelineEventKind.ServiceStoppingFinished => (TimelineNodeKind.StopServices, false),
        TimelineEventKind.DatabaseBackupStarted => (TimelineNodeKind.DatabaseBackup, true),
        TimelineEventKind.DatabaseBackupCompleted => (TimelineNodeKind.DatabaseBackup, false),
        TimelineEventKind.ServiceStartingStarted => (TimelineNodeKind.UpgradeServices, true),
        TimelineEventKind.ServiceStartingFinished => (TimelineNodeKind.UpgradeServices, false),
        TimelineEventKind.DataUpdateTaskStarted => (TimelineNodeKind.DataUpdate, true),
        TimelineEventKind.DataUpdateTaskFinished => (TimelineNodeKind.DataUpdate, false),
        TimelineEventKind.DataServiceStudioUpgradeStarted => (TimelineNodeKind.DataServiceStudioUpgrade, true),
        TimelineEventKind.DataServiceStudioUpgradeCompleted => (TimelineNodeKind.DataServiceStudioUpgrade, false),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown timeline event kind."),
    };

    /// <summary>Folds a node's subjects into the node: min start, max end, all finished, and the task list.</summary>
    private sealed class NodeBuilder(TimelineNodeKind kind, int subjects)
    {
        // The tasks in arrival order (pooled, like the rest of the working memory), and beside them what orders them: moving a key without references while sorting
        // costs no write barrier, and a comparison reads a task only when two times are equal.
        private readonly DataUpdateTask[]? _tasks = kind == TimelineNodeKind.DataUpdate && subjects > 0 ? ArrayPool<DataUpdateTask>.Shared.Rent(subjects) : null;
        private readonly TaskKey[]? _keys = kind == TimelineNodeKind.DataUpdate && subjects > 0 ? ArrayPool<TaskKey>.Shared.Rent(subjects) : null;
        private int _taskCount;
        private Instant _start = Instant.MaxValue;
        private Instant _end = Instant.MinValue;
        private bool _allFinished = true;
        private bool _any;

        public void Add(in Subject s)
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
                _tasks[_taskCount++] = new DataUpdateTask(
                    s.Name,
                    s.IsFinished ? (DataUpdateTaskStatus)(int)s.Outcome : DataUpdateTaskStatus.Running,
                    s.HasStart ? s.Start : null,
                    s.IsFinished ? s.End : null,
                    s.Link);
            }
        }

        public TimelineNode Build()
        {
            if (!_any)
            {
                return new TimelineNode(kind, TimelineNodeState.NotStarted, null, null, []);
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

                ArrayPool<TaskKey>.Shared.Return(_keys!);
                Array.Clear(_tasks, 0, _taskCount); // no pooled array may keep a task alive
                ArrayPool<DataUpdateTask>.Shared.Return(_tasks);
                list = Array.AsReadOnly(ordered);
            }

            return _allFinished
                ? new TimelineNode(kind, TimelineNodeState.Finished, _start, _end, list)
                : new TimelineNode(kind, TimelineNodeState.Running, _start, null, list);
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
