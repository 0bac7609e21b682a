using System.Runtime.InteropServices;
using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// Builds the detailed timeline from raw events (SPEC §5, R-TIME-7..9). A pure function of the <em>set</em> of events:
/// the order they arrive in and duplicates change nothing, because every per-subject figure is a minimum, a maximum or
/// a deterministic tie-break. One pass over the events plus one over the subjects; thread-safe.
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
public static class TimelineAggregator
{
    private const int NodeCount = 5;

    /// <summary>The timeline of <paramref name="events"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or one of them is null.</exception>
    public static UpgradeTimeline Aggregate(IEnumerable<TimelineEvent> events)
    {
        Guard.NotNull(events);
        var subjects = new Dictionary<string, Subject>?[NodeCount];
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            var (node, isStart) = Classify(e.Kind);
            var map = subjects[(int)node] ??= new Dictionary<string, Subject>(StringComparer.Ordinal);
            ref var s = ref CollectionsMarshal.GetValueRefOrAddDefault(map, e.Subject, out _);
            s.Add(e, isStart);
        }

        var nodes = new TimelineNode[NodeCount];
        for (var i = 0; i < NodeCount; i++)
        {
            nodes[i] = BuildNode((TimelineNodeKind)i, subjects[i]);
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

    private static TimelineNode BuildNode(TimelineNodeKind kind, Dictionary<string, Subject>? subjects)
    {
        if (subjects is null || subjects.Count == 0)
        {
            return new TimelineNode(kind, TimelineNodeState.NotStarted, null, null, []);
        }

        var start = Instant.MaxValue;
        var end = Instant.MinValue;
        var allFinished = true;
        var tasks = kind == TimelineNodeKind.DataUpdate ? new List<DataUpdateTask>(subjects.Count) : null;
        foreach (var (name, s) in subjects)
        {
            var effectiveStart = s.HasStart ? s.Start : s.End;
            start = Instant.Min(start, effectiveStart);
            if (s.IsFinished)
            {
                end = Instant.Max(end, s.End);
            }
            else
            {
                allFinished = false;
            }

            tasks?.Add(new DataUpdateTask(
                name,
                s.IsFinished ? (DataUpdateTaskStatus)(int)s.Outcome : DataUpdateTaskStatus.Running,
                s.HasStart ? s.Start : null,
                s.IsFinished ? s.End : null,
                s.Link));
        }

        tasks?.Sort(CompareTasks);
        IReadOnlyList<DataUpdateTask> list = tasks is null ? [] : tasks;
        return allFinished
            ? new TimelineNode(kind, TimelineNodeState.Finished, start, end, list)
            : new TimelineNode(kind, TimelineNodeState.Running, start, null, list);
    }

    private static int CompareTasks(DataUpdateTask a, DataUpdateTask b)
    {
        var byTime = (a.StartedAt ?? a.EndedAt!.Value).CompareTo(b.StartedAt ?? b.EndedAt!.Value);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Name, b.Name);
    }

    /// <summary>What is known of one subject: min start, max end and the tie-broken outcome and link.</summary>
    private struct Subject
    {
        public bool HasStart;
        public bool HasEnd;
        public Instant Start;
        public Instant End;
        public DataUpdateTaskOutcome Outcome;
        public string? Link;
        public Instant LinkAt;

        /// <summary>Finished when some end is at or after the start (or there is no start, R-TIME-7 "only if consistent").</summary>
        public readonly bool IsFinished => HasEnd && (!HasStart || End >= Start);

        public void Add(TimelineEvent e, bool isStart)
        {
            var at = e.At;
            if (isStart)
            {
                Start = HasStart ? Instant.Min(Start, at) : at;
                HasStart = true;
            }
            else if (!HasEnd || at > End)
            {
                End = at;
                HasEnd = true;
                Outcome = e.Outcome ?? default;
            }
            else if (at == End && e.Outcome is { } outcome && outcome > Outcome)
            {
                Outcome = outcome;
            }

            if (e.DetailsLink is { } link
                && (Link is null || at > LinkAt || (at == LinkAt && string.CompareOrdinal(link, Link) > 0)))
            {
                Link = link;
                LinkAt = at;
            }
        }
    }
}
