using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// A stretch of the detailed timeline in which no node was running: before the first node, between two nodes, or after
/// the last node until the upgrade ended (verification, say). A page draws it on the same axis as the nodes.
/// </summary>
public sealed record TimelineGapView
{
    /// <summary>The node the gap follows, or null for the stretch from the upgrade's start to the first node.</summary>
    public TimelineNodeKind? After { get; init; }

    /// <summary>The node the gap precedes, or null for the stretch from the last node to the upgrade's end.</summary>
    public TimelineNodeKind? Before { get; init; }

    /// <summary>When the gap began.</summary>
    public required Instant StartedAt { get; init; }

    /// <summary>When the gap ended.</summary>
    public required Instant EndedAt { get; init; }

    /// <summary>The gap's start measured from the upgrade's start, in milliseconds.</summary>
    public required long OffsetMilliseconds { get; init; }

    /// <summary>The gap's length in milliseconds, always positive.</summary>
    public required long DurationMilliseconds { get; init; }

    /// <summary>The gap's length as <c>hhh:mm:ss</c>.</summary>
    public required string Duration { get; init; }
}
