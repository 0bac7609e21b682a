using System.Runtime.InteropServices;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>What aggregation reads of one event, without references, so that moving it costs a copy of 32 bytes.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct TimelineEventRecord
{
    private readonly byte _code; // CodeOf - 1: node * 2 + (start ? 1 : 0)
    private readonly byte _outcome; // 1 + the outcome, 0 without one

    public TimelineEventRecord(TimelineEvent e, int index)
    {
        _code = (byte)(TimelineEventKinds.CodeOf(e.Kind) - 1);
        Hash = TimelineSubjectTable.HashOf(Node, e.Subject);
        Index = index;
        At = e.At;
        _outcome = e.Outcome is { } outcome ? (byte)(1 + (int)outcome) : (byte)0;
        HasLink = e.DetailsLink is not null;
    }

    /// <summary><see cref="TimelineSubjectTable.HashOf"/> of the node and subject.</summary>
    public int Hash { get; }

    /// <summary>The event's position in the stream.</summary>
    public int Index { get; }

    public Instant At { get; }

    public bool HasLink { get; }

    // Stryker disable once Bitwise : the code is a byte, never negative, so '>>' and '>>>' agree
    public TimelineNodeKind Node => (TimelineNodeKind)(_code >> 1);

    public bool IsStart => (_code & 1) != 0;

    public DataUpdateTaskOutcome? Outcome => _outcome == 0 ? null : (DataUpdateTaskOutcome)(_outcome - 1);
}
