using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Live;

/// <summary>
/// One item of a watch (<see cref="UpgradeWatches.WatchRecordAsync"/>,
/// <see cref="UpgradeWatches.WatchRecordsAsync"/>): a committed change at its position, with the record as
/// the watching operator sees it. Serialise it with <see cref="UpgradeKitJson.Options"/>.
/// </summary>
/// <remarks>
/// The projections are read when the item is produced, after the change: they are never older than the change and may
/// already show a later one (whose own item follows). Pass <see cref="Position"/> back as the watch's
/// <c>afterPosition</c> to resume after this item, missing nothing and seeing nothing twice.
/// </remarks>
public sealed record RecordWatchEvent
{
    /// <summary>The change's position in the store's feed; a <see cref="RecordChangeKind.Snapshot"/> carries the feed's last position when the watch started.</summary>
    public required long Position { get; init; }

    /// <summary>What the change did, or <see cref="RecordChangeKind.Snapshot"/> for the first item of a watch started without a position.</summary>
    public required RecordChangeKind Kind { get; init; }

    /// <summary>The record changed.</summary>
    public required UpgradeRecordId RecordId { get; init; }

    /// <summary>The record's version after the change (the version removed, for a removal); null for timeline appends.</summary>
    public long? RecordVersion { get; init; }

    /// <summary>The record's list row for the watching operator (status, times, the actions offered and why not); null once it is removed.</summary>
    public RecordListRow? Row { get; init; }

    /// <summary>For a watch of one record: its View log panel (status, times, timeline), unaudited; null for a list watch and once removed.</summary>
    public ViewLogPanel? Log { get; init; }
}
