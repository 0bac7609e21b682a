using System.Buffers;
using System.Numerics;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// Aggregation of raw events: each event read once into a record, the records grouped by subject hash, and each group's
/// subjects worked out in a table that holds that group only.
/// </summary>
internal static class TimelineEventGrouping
{
    // About this many events to a group: a group's records, index and entries stay in the first- or second-level cache.
    // At most 2^10 groups, so the group counts fit on the stack.
    private const int EventsPerGroup = 256;
    private const int MaxGroupBits = 10;

    private static int _touched;

    /// <summary>
    /// The timeline of <paramref name="events"/>, aggregated in three passes, none of which reads memory at random over the whole stream (issue 16):
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
    public static UpgradeTimeline Aggregate(ReadOnlySpan<TimelineEvent> events)
    {
        var count = events.Length;
        // Stryker disable once Conditional,Equality,Linq,Arithmetic : the number of groups only decides where in memory a subject is worked on; a subject's events share a group for any number of groups, so the timeline is the same
        var bits = count <= EventsPerGroup ? 0 : Math.Min(MaxGroupBits, BitOperations.Log2((uint)(count / EventsPerGroup)));
        var shift = 31 - bits; // hashes are 31-bit
        var records = ArrayPool<TimelineEventRecord>.Shared.Rent(count);
        var grouped = ArrayPool<TimelineEventRecord>.Shared.Rent(count);
        try
        {
            Span<int> next = stackalloc int[(1 << bits) + 1];
            // Stryker disable once Statement : stackalloc memory is zeroed already (locals are initialised in this assembly)
            next.Clear();
            for (var i = 0; i < count; i++)
            {
                var e = events[i];
                ArgumentNullException.ThrowIfNull(e, nameof(events));
                ref var r = ref records[i];
                r = new TimelineEventRecord(e, i);
                // Stryker disable once Bitwise : hashes are non-negative (31 bits), so '>>' and '>>>' give the same group
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
                // Stryker disable once Bitwise : as above, '>>' and '>>>' agree on a non-negative hash
                grouped[next[r.Hash >> shift]++] = r;
            }

            return AggregateGroups(events, grouped, starts);
        }
        finally
        {
            // Stryker disable once Statement : an array not given back is a leak the collector takes; it holds no references
            ArrayPool<TimelineEventRecord>.Shared.Return(records); // no references in them: nothing to clear
            // Stryker disable once Statement : as above
            ArrayPool<TimelineEventRecord>.Shared.Return(grouped);
        }
    }

    // Apart from the passes above because those need stackalloc, which keeps a method from being recompiled with the
    // profile of its run; this loop is the one that gains most from that.
    private static UpgradeTimeline AggregateGroups(ReadOnlySpan<TimelineEvent> events, TimelineEventRecord[] grouped, ReadOnlySpan<int> starts)
    {
        // Stryker disable once Arithmetic : only the first size of the table, which grows as needed
        using var subjects = new TimelineSubjectTable((events.Length / 2) + 1);
        for (var g = 0; g + 1 < starts.Length; g++)
        {
            var group = grouped.AsSpan(starts[g], starts[g + 1] - starts[g]);
            // Stryker disable once Statement : a cache hint that changes no result
            Touch(events, group);
            // Stryker disable once Statement : without it the index is not reset between groups: it then covers several groups, grows as needed and still finds every subject
            subjects.BeginGroup(group.Length);
            foreach (ref readonly var r in group)
            {
                subjects.GetOrAdd(events, r).Add(events, r);
            }
        }

        return TimelineNodeFold.Build(subjects.Entries);
    }

    /// <summary>
    /// Reads the subject of each event of <paramref name="group"/> before the group is aggregated. The reads do not
    /// depend on each other, so the processor has many of them in flight at once instead of waiting for each in turn;
    /// the aggregation then finds them in the cache. A hint only: it changes no result.
    /// </summary>
    private static void Touch(ReadOnlySpan<TimelineEvent> events, ReadOnlySpan<TimelineEventRecord> group)
    {
        var touched = 0;
        foreach (ref readonly var r in group)
        {
            // Stryker disable once Assignment : the value is never read; only the reads of the names matter (a cache hint)
            touched |= events[r.Index].Subject.Length;
        }

        _touched = touched; // kept so the reads are not optimised away; racing writes are harmless
    }
}
