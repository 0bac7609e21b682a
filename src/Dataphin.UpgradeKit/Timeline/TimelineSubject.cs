using System.Runtime.CompilerServices;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>What is known of one subject of one node: min start, max end and the tie-broken outcome and link.</summary>
internal struct TimelineSubject
{
    public string Name;
    public int Hash;
    public TimelineNodeKind Node;
    public bool HasStart;
    public bool HasEnd;
    public DataUpdateTaskOutcome Outcome;
    public Instant Start;
    public Instant End;
    public string? Link;
    public Instant LinkAt;

    /// <summary>Finished when some end is at or after the start (or there is no start, R-TIME-7 "only if consistent").</summary>
    public readonly bool IsFinished => HasEnd && (!HasStart || End >= Start);

    /// <summary>Adds the event <paramref name="r"/> describes; <paramref name="events"/> is its stream (for its link).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ReadOnlySpan<TimelineEvent> events, in TimelineEventRecord r)
    {
        var at = r.At;
        if (r.IsStart)
        {
            // Stryker disable once Equality : of two equal instants either is the minimum
            Start = HasStart && Start < at ? Start : at;
            HasStart = true;
        }
        else if (!HasEnd || at > End)
        {
            End = at;
            HasEnd = true;
            Outcome = r.Outcome ?? default;
        }
        else if (at == End && r.Outcome is { } outcome && outcome > Outcome)
        {
            Outcome = outcome;
        }

        if (r.HasLink && (Link is null || at >= LinkAt))
        {
            AddLink(events[r.Index].DetailsLink!, at);
        }
    }

    private void AddLink(string link, Instant at)
    {
        if (Link is null || at > LinkAt || (at == LinkAt && string.CompareOrdinal(link, Link) > 0))
        {
            Link = link;
            LinkAt = at;
        }
    }
}
