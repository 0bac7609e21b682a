using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// Builds the detailed timeline from raw events (SPEC §5, R-TIME-7..9). A pure function of the <em>set</em> of events:
/// the order they arrive in and duplicates change nothing, because every per-subject figure is a minimum, a maximum or
/// a deterministic tie-break. One pass over the events plus one over the subjects; thread-safe.
/// Costs about as much per event whether the events cover a few subjects or a new subject every pair (benchmarks/results/timeline.md).
/// </summary>
/// <remarks>
/// Rules, per subject (a service, a database, a task, DataService Studio) and then per node:
/// <list type="bullet">
/// <item>A subject starts at its earliest start event and ends at its latest end event.</item>
/// <item>An end earlier than the subject's start is inconsistent (the service rejects such reports, R-TIME-2; only a
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
    private const int NodeCount = 5;

    /// <summary>The timeline of <paramref name="events"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or one of them is null.</exception>
    public static UpgradeTimeline Aggregate(IEnumerable<TimelineEvent> events)
    {
        Guard.NotNull(events);

        // A start and an end per subject is the usual shape, so half the event count bounds the subjects a stream
        // needs room for; the table's arrays come from the shared pool, so neither a long stream of restarts nor
        // one of many subjects pays for a fresh large table on every call.
        using var subjects = new SubjectTable(events.TryGetNonEnumeratedCount(out var count) ? (count / 2) + 1 : 0);
        if (events is TimelineEvent[] array)
        {
            // In blocks: the table lookups of a whole block are started together (SubjectTable.Prefetch), so that
            // with many subjects their cache misses overlap instead of costing one full memory latency each.
            Span<int> hashes = stackalloc int[SubjectTable.Block];
            for (var start = 0; start < array.Length; start += SubjectTable.Block)
            {
                var block = array.AsSpan(start, Math.Min(SubjectTable.Block, array.Length - start));
                subjects.Prefetch(block, hashes);
                for (var i = 0; i < block.Length; i++)
                {
                    var e = block[i];
                    ArgumentNullException.ThrowIfNull(e, nameof(events));
                    var (node, isStart) = Classify(e.Kind);
                    subjects.GetOrAdd(node, e.Subject, hashes[i]).Add(e, isStart);
                }
            }
        }
        else
        {
            foreach (var e in events)
            {
                ArgumentNullException.ThrowIfNull(e, nameof(events));
                Add(subjects, e);
            }
        }

        return Build(subjects.Entries);
    }

    /// <summary>Folds the subjects into the five nodes.</summary>
    private static UpgradeTimeline Build(ReadOnlySpan<Subject> all)
    {
        var perNode = new int[NodeCount];
        foreach (ref readonly var s in all)
        {
            perNode[(int)s.Node]++;
        }

        var builders = new NodeBuilder[NodeCount];
        for (var i = 0; i < NodeCount; i++)
        {
            builders[i] = new NodeBuilder((TimelineNodeKind)i, perNode[i]);
        }

        foreach (ref readonly var s in all)
        {
            builders[(int)s.Node].Add(s);
        }

        var nodes = new TimelineNode[NodeCount];
        for (var i = 0; i < NodeCount; i++)
        {
            nodes[i] = builders[i].Build();
        }

        return new UpgradeTimeline(nodes);
    }

    private static void Add(SubjectTable subjects, TimelineEvent e)
    {
        var (node, isStart) = Classify(e.Kind);
        subjects.GetOrAdd(node, e.Subject, SubjectTable.HashOf(node, e.Subject)).Add(e, isStart);
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
        private readonly List<DataUpdateTask>? _tasks = kind == TimelineNodeKind.DataUpdate && subjects > 0 ? new(subjects) : null;
        private Instant _start = Instant.MaxValue;
        private Instant _end = Instant.MinValue;
        private bool _allFinished = true;
        private bool _any;

        public void Add(in Subject s)
        {
            _any = true;
            _start = Instant.Min(_start, s.HasStart ? s.Start : s.End);
            if (s.IsFinished)
            {
                _end = Instant.Max(_end, s.End);
            }
            else
            {
                _allFinished = false;
            }

            _tasks?.Add(new DataUpdateTask(
                s.Name,
                s.IsFinished ? (DataUpdateTaskStatus)(int)s.Outcome : DataUpdateTaskStatus.Running,
                s.HasStart ? s.Start : null,
                s.IsFinished ? s.End : null,
                s.Link));
        }

        public TimelineNode Build()
        {
            if (!_any)
            {
                return new TimelineNode(kind, TimelineNodeState.NotStarted, null, null, []);
            }

            _tasks?.Sort(CompareTasks);
            IReadOnlyList<DataUpdateTask> list = _tasks is null ? [] : _tasks.AsReadOnly();
            return _allFinished
                ? new TimelineNode(kind, TimelineNodeState.Finished, _start, _end, list)
                : new TimelineNode(kind, TimelineNodeState.Running, _start, null, list);
        }
    }

    private static int CompareTasks(DataUpdateTask a, DataUpdateTask b)
    {
        var byTime = (a.StartedAt ?? a.EndedAt!.Value).CompareTo(b.StartedAt ?? b.EndedAt!.Value);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Name, b.Name);
    }
}
