using System.Runtime.InteropServices;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Estimates;

// Where the running upgrade stands: its latest finished node, from a timeline or in one pass over the stores' summaries.
public static partial class UpgradeEstimator
{
    /// <summary>The finished node that ended last, not before the start (equal ends: the later node in timeline order).</summary>
    private static Anchor LastFinishedNode(Instant upgradeStart, UpgradeTimeline? timeline)
    {
        var anchor = default(Anchor);
        if (timeline is not null)
        {
            foreach (var node in timeline.Nodes)
            {
                if (node.EndedAt is { } end && end >= upgradeStart && (!anchor.Found || end >= anchor.EndedAt))
                {
                    anchor = new Anchor(true, node.Kind, end);
                }
            }
        }

        return anchor;
    }

    /// <summary>
    /// The last finished node of the timeline of <paramref name="summaries"/> and their
    /// latest event, in one pass without building the timeline: a node is finished when it has subjects and every one
    /// has an end not before its start, and it ends at their latest end (the rules of
    /// <see cref="TimelineAggregator"/>). False when a subject that is not finished is given twice: only the merged
    /// summary says whether it finished.
    /// </summary>
    private static bool TryLastFinishedNode(Instant upgradeStart, IReadOnlyList<TimelineSubjectSummary> summaries, out Anchor anchor, out Instant? lastProgressAt)
    {
        // Plain instants and flags rather than nullable ones: this loop runs for every running row of a list page.
        var count = EnumOrdinals<TimelineNodeKind>.Count;
        Span<NodeProgress> nodes = stackalloc NodeProgress[count];
        var hasLast = false;
        var last = default(Instant);
        anchor = default;
        lastProgressAt = null;
        // The stores' lists and arrays are read as spans (no interface call per summary); any other list is copied once.
        ReadOnlySpan<TimelineSubjectSummary> items = summaries is TimelineSubjectSummary[] array ? array
            : summaries is List<TimelineSubjectSummary> list ? CollectionsMarshal.AsSpan(list) : [.. summaries];
        for (var i = 0; i < items.Length; i++)
        {
            var s = items[i];
            ArgumentNullException.ThrowIfNull(s, nameof(summaries));
            ref var node = ref nodes[EnumOrdinals<TimelineNodeKind>.Of(s.Node)];
            node.Any = true;
            var started = s.StartedAt;
            var ended = s.EndedAt;
            if (started.HasValue && (!hasLast || started.GetValueOrDefault() > last))
            {
                (last, hasLast) = (started.GetValueOrDefault(), true);
            }

            if (ended.HasValue)
            {
                var end = ended.GetValueOrDefault();
                if (!hasLast || end > last)
                {
                    (last, hasLast) = (end, true);
                }

                if (!started.HasValue || end >= started.GetValueOrDefault())
                {
                    node.End = node.HasEnd && node.End > end ? node.End : end;
                    node.HasEnd = true;
                    continue;
                }
            }

            // Not finished (no end, or an end before its start).
            node.Unfinished = true;
            if (IsGivenTwice(items, i))
            {
                return false;
            }
        }

        for (var i = 0; i < count; i++)
        {
            ref readonly var node = ref nodes[i];
            if (node.Any && !node.Unfinished && node.End >= upgradeStart && (!anchor.Found || node.End >= anchor.EndedAt))
            {
                anchor = new Anchor(true, EnumOrdinals<TimelineNodeKind>.Values[i], node.End);
            }
        }

        lastProgressAt = hasLast ? last : null;
        return true;
    }

    private static bool IsGivenTwice(ReadOnlySpan<TimelineSubjectSummary> summaries, int index)
    {
        var one = summaries[index];
        for (var j = 0; j < summaries.Length; j++)
        {
            var other = summaries[j];
            if (j != index && other is not null && other.Node == one.Node && string.Equals(other.Subject, one.Subject, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What one pass over the summaries learns of a node: whether it has subjects, whether one is unfinished, its latest end.</summary>
    private struct NodeProgress
    {
        public bool Any;
        public bool Unfinished;
        public bool HasEnd;
        public Instant End;
    }
}
