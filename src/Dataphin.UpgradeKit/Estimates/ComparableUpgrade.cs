using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Estimates;

/// <summary>
/// What estimates keep of one finished upgrade: its mode, when it finished, how long it took and when each timeline
/// node ended, measured from its start. Stores keep these per mode so an estimate reads a bounded window of them,
/// never the whole history.
/// </summary>
public sealed record ComparableUpgrade
{
    /// <summary>The finished record.</summary>
    public required UpgradeRecordId RecordId { get; init; }

    /// <summary>Its upgrade mode: only upgrades of the same mode are compared.</summary>
    public required UpgradeMode Mode { get; init; }

    /// <summary>When it finished.</summary>
    public required Instant FinishedAt { get; init; }

    /// <summary>Its upgrade duration, end minus start.</summary>
    public required Duration Duration { get; init; }

    /// <summary>For each timeline node that finished, its end measured from the upgrade's start; nodes it never ran are absent.</summary>
    public IReadOnlyDictionary<TimelineNodeKind, Duration> NodeEnds { get; init; } = new Dictionary<TimelineNodeKind, Duration>();

    /// <summary>
    /// When its upgrade steps completed (it moved to Verifying), measured from its start; null when that is not known
    /// (kept before the SDK recorded it). An upgrade without a timeline is estimated from it like from a finished node.
    /// </summary>
    public Duration? StepsCompletedAfter { get; init; }

    /// <summary>
    /// The comparable of a succeeded upgrade: null unless the record succeeded with a known start and end. Node ends
    /// come from its timeline; a node ending before the upgrade's start or after its end is left out, and so is a
    /// steps-completed time outside the upgrade.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public static ComparableUpgrade? Of(UpgradeRecord record, UpgradeTimeline? timeline)
    {
        Internal.Guard.NotNull(record);
        if (record.Status != UpgradeStatus.Succeeded || record.UpgradeStartedAt is not { } start || record.UpgradeEndedAt is not { } end || end < start)
        {
            return null;
        }

        var ends = new Dictionary<TimelineNodeKind, Duration>();
        if (timeline is not null)
        {
            foreach (var node in timeline.Nodes)
            {
                if (node.EndedAt is { } e && e >= start && e <= end)
                {
                    ends[node.Kind] = e - start;
                }
            }
        }

        var steps = record.StepsCompletedAt is { } s && s >= start && s <= end ? s - start : (Duration?)null;
        return new ComparableUpgrade
        {
            RecordId = record.Id, Mode = record.Mode, FinishedAt = end, Duration = end - start, NodeEnds = ends, StepsCompletedAfter = steps,
        };
    }
}
