using System.Data.Common;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>How a <see cref="TimelineEvent"/> maps to a <c>timeline_events</c> row (the record id column is the adapter's).</summary>
internal static class EventRow
{
    public const string SelectColumns = "kind, subject, at, outcome, details_link";

    public static readonly IReadOnlyList<string> WrittenColumns = ["event_key", "kind", "subject", "at", "outcome", "details_link"];

    public static object[] Values(TimelineEvent e) =>
    [
        e.Key,
        (int)e.Kind,
        e.Subject,
        e.At.ToUnixTimeTicks(),
        e.Outcome is { } outcome ? (int)outcome : DBNull.Value,
        (object?)e.DetailsLink ?? DBNull.Value,
    ];

    public static TimelineEvent Read(DbDataReader reader) => new()
    {
        Kind = (TimelineEventKind)reader.GetInt32(0),
        Subject = reader.GetString(1),
        At = Instant.FromUnixTimeTicks(reader.GetInt64(2)),
        Outcome = reader.IsDBNull(3) ? null : (DataUpdateTaskOutcome)reader.GetInt32(3),
        DetailsLink = reader.IsDBNull(4) ? null : reader.GetString(4),
    };
}
