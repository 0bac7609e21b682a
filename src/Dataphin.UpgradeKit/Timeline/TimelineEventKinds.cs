using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// What each <see cref="TimelineEventKind"/> means to the timeline: its node, and whether it starts its subject. The
/// classification itself (<c>Classify</c>) is written beside the enum's members in <c>TimelineEventKind.cs</c>, so a new
/// node's two kinds are described in the file that declares them.
/// </summary>
internal static partial class TimelineEventKinds
{
    // The node and start flag of each event kind, read from Classify once: 1 + node * 2 + (start ? 1 : 0), 0 for a
    // value that is not a kind (Classify then throws).
    private static readonly byte[] KindCodes = BuildKindCodes();

    /// <summary>1 + node * 2 + (start ? 1 : 0) for <paramref name="kind"/>; throws for a value that is not a kind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CodeOf(TimelineEventKind kind)
    {
        // Stryker disable once Conditional,Equality : only an undefined kind takes the other branch, and a TimelineEvent refuses one when it is built
        var code = unchecked((uint)kind) < (uint)KindCodes.Length ? KindCodes[(int)kind] : 0;
        // Stryker disable once Conditional : as above: every kind an event can carry has a non-zero code
        return code != 0 ? code : ThrowUnknownKind(kind);
    }

    private static int ThrowUnknownKind(TimelineEventKind kind)
    {
        // Stryker disable once Statement : unreachable (see CodeOf): no event carries an undefined kind
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
}
