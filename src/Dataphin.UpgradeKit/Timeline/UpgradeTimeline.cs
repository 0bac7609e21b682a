using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>The detailed timeline of a record: its nodes in timeline order. Build it with <see cref="TimelineAggregator"/>.</summary>
public sealed class UpgradeTimeline
{
    internal UpgradeTimeline(TimelineNode[] nodes)
    {
        Nodes = nodes;
    }

    /// <summary>Every node in display order (<see cref="TimelineNodeKind"/> order), including those not shown.</summary>
    public IReadOnlyList<TimelineNode> Nodes { get; }

    /// <summary>The node of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public TimelineNode this[TimelineNodeKind kind] =>
        Enum.IsDefined(kind) ? Nodes[EnumOrdinals<TimelineNodeKind>.Of(kind)] : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown timeline node.");
}
