using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

public static partial class TimelineAggregator
{
    // About this many events to a group: a group's records, index and entries stay in the first- or second-level cache.
    // At most 2^10 groups, so the group counts fit on the stack.
    private const int EventsPerGroup = 256;
    private const int MaxGroupBits = 10;

    // The node and start flag of each event kind, read from Classify once: 1 + node * 2 + (start ? 1 : 0), 0 for a
    // value that is not a kind (Classify then throws).
    private static readonly byte[] KindCodes = BuildKindCodes();

    private static int _touched;

    /// <summary>
    /// Aggregates in three passes, none of which reads memory at random over the whole stream (issue 16):
    /// <list type="number">
    /// <item>in stream order, what aggregation needs of each event (its subject's hash, kind, time, outcome, whether it
    /// has a link, and its position) is copied into a small record without references;</item>
    /// <item>the records are distributed by the hash's top bits into groups (one stable counting-sort pass);</item>
    /// <item>each group is aggregated on its own, with a table that holds that group's subjects only.</item>
    /// </list>
    /// A subject's events all fall into one group, and the per-subject figures are minima, maxima and tie-breaks, so the
    /// result is the one a single table over the whole stream gives; the grouping only decides where in memory each
    /// subject is worked on. A single table over thousands of subjects outgrows the caches and costs a miss or two per
    /// event; here the events are read in order once, and afterwards only to compare a subject's name (and read a
    /// link), a group at a time so that those reads overlap.
    /// </summary>
    private static UpgradeTimeline AggregateGrouped(ReadOnlySpan<TimelineEvent> events)
    {
        var count = events.Length;
        var bits = count <= EventsPerGroup ? 0 : Math.Min(MaxGroupBits, BitOperations.Log2((uint)(count / EventsPerGroup)));
        var shift = 31 - bits; // hashes are 31-bit
        var records = ArrayPool<EventRecord>.Shared.Rent(count);
        var grouped = ArrayPool<EventRecord>.Shared.Rent(count);
        try
        {
            Span<int> next = stackalloc int[(1 << bits) + 1];
            next.Clear();
            for (var i = 0; i < count; i++)
            {
                var e = events[i];
                ArgumentNullException.ThrowIfNull(e, nameof(events));
                ref var r = ref records[i];
                r = new EventRecord(e, i);
                next[(r.Hash >> shift) + 1]++;
            }

            // next[g] becomes where group g starts; distributing moves it on to where group g ends.
            for (var g = 1; g < next.Length; g++)
            {
                next[g] += next[g - 1];
            }

            Span<int> starts = stackalloc int[next.Length];
            next.CopyTo(starts);
            foreach (ref readonly var r in records.AsSpan(0, count))
            {
                grouped[next[r.Hash >> shift]++] = r;
            }

            return AggregateGroups(events, grouped, starts);
        }
        finally
        {
            ArrayPool<EventRecord>.Shared.Return(records); // no references in them: nothing to clear
            ArrayPool<EventRecord>.Shared.Return(grouped);
        }
    }

    // Apart from the passes above because those need stackalloc, which keeps a method from being recompiled with the
    // profile of its run; this loop is the one that gains most from that.
    private static UpgradeTimeline AggregateGroups(ReadOnlySpan<TimelineEvent> events, EventRecord[] grouped, ReadOnlySpan<int> starts)
    {
        using var subjects = new SubjectTable((events.Length / 2) + 1);
        for (var g = 0; g + 1 < starts.Length; g++)
        {
            var group = grouped.AsSpan(starts[g], starts[g + 1] - starts[g]);
            Touch(events, group);
            subjects.BeginGroup(group.Length);
            foreach (ref readonly var r in group)
            {
                subjects.GetOrAdd(events, r).Add(events, r);
            }
        }

        return Build(subjects.Entries);
    }

    /// <summary>
    /// Reads the subject of each event of <paramref name="group"/> before the group is aggregated. The reads do not
    /// depend on each other, so the processor has many of them in flight at once instead of waiting for each in turn;
    /// the aggregation then finds them in the cache. A hint only: it changes no result.
    /// </summary>
    private static void Touch(ReadOnlySpan<TimelineEvent> events, ReadOnlySpan<EventRecord> group)
    {
        var touched = 0;
        foreach (ref readonly var r in group)
        {
            touched |= events[r.Index].Subject.Length;
        }

        _touched = touched; // kept so the reads are not optimised away; racing writes are harmless
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CodeOf(TimelineEventKind kind)
    {
        var code = unchecked((uint)kind) < (uint)KindCodes.Length ? KindCodes[(int)kind] : 0;
        return code != 0 ? code : ThrowUnknownKind(kind);
    }

    private static int ThrowUnknownKind(TimelineEventKind kind)
    {
        Classify(kind); // throws: not a kind
        throw new UnreachableException();
    }

    private static byte[] BuildKindCodes()
    {
        var kinds = Enum.GetValues<TimelineEventKind>();
        var codes = new byte[(int)kinds.Max() + 1];
        foreach (var kind in kinds)
        {
            var (node, isStart) = Classify(kind);
            codes[(int)kind] = (byte)(1 + ((int)node * 2) + (isStart ? 1 : 0));
        }

        return codes;
    }

    /// <summary>What aggregation reads of one event, without references, so that moving it costs a copy of 32 bytes.</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly struct EventRecord
    {
        private readonly byte _code; // CodeOf - 1: node * 2 + (start ? 1 : 0)
        private readonly byte _outcome; // 1 + the outcome, 0 without one

        public EventRecord(TimelineEvent e, int index)
        {
            _code = (byte)(CodeOf(e.Kind) - 1);
            Hash = SubjectTable.HashOf(Node, e.Subject);
            Index = index;
            At = e.At;
            _outcome = e.Outcome is { } outcome ? (byte)(1 + (int)outcome) : (byte)0;
            HasLink = e.DetailsLink is not null;
        }

        /// <summary><see cref="SubjectTable.HashOf"/> of the node and subject.</summary>
        public int Hash { get; }

        /// <summary>The event's position in the stream.</summary>
        public int Index { get; }

        public Instant At { get; }

        public bool HasLink { get; }

        public TimelineNodeKind Node => (TimelineNodeKind)(_code >> 1);

        public bool IsStart => (_code & 1) != 0;

        public DataUpdateTaskOutcome? Outcome => _outcome == 0 ? null : (DataUpdateTaskOutcome)(_outcome - 1);
    }
}
