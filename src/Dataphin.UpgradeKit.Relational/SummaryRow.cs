using System.Data.Common;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>How a <see cref="TimelineSubjectSummary"/> maps to a <c>timeline_summaries</c> row (the record id column is the adapter's).</summary>
internal static class SummaryRow
{
    public const string SelectColumns = "node, subject, started_at, first_ended_at, ended_at, outcome, details_link, details_link_at";

    /// <summary>The columns an update writes, each from the parameter of the same name with <c>@</c>.</summary>
    public static readonly IReadOnlyList<string> MergedColumns = ["started_at", "first_ended_at", "ended_at", "outcome", "details_link", "details_link_at"];

    public static object[] MergedValues(TimelineSubjectSummary s) =>
    [
        Ticks(s.StartedAt),
        Ticks(s.FirstEndedAt),
        Ticks(s.EndedAt),
        s.Outcome is { } outcome ? (int)outcome : DBNull.Value,
        (object?)s.DetailsLink ?? DBNull.Value,
        Ticks(s.DetailsLinkAt),
    ];

    /// <summary>The row's summary, or null for the empty row an append creates before it merges (see the timeline summaries script).</summary>
    public static TimelineSubjectSummary? Read(DbDataReader reader)
    {
        var summary = new TimelineSubjectSummary
        {
            Node = (TimelineNodeKind)reader.GetInt32(0),
            Subject = reader.GetString(1),
            StartedAt = Instant(reader, 2),
            FirstEndedAt = Instant(reader, 3),
            EndedAt = Instant(reader, 4),
            Outcome = reader.IsDBNull(5) ? null : (DataUpdateTaskOutcome)reader.GetInt32(5),
            DetailsLink = reader.IsDBNull(6) ? null : reader.GetString(6),
            DetailsLinkAt = Instant(reader, 7),
        };
        return summary.StartedAt is null && summary.EndedAt is null ? null : summary;
    }

    private static object Ticks(Instant? at) => at is { } value ? value.ToUnixTimeTicks() : DBNull.Value;

    private static Instant? Instant(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : NodaTime.Instant.FromUnixTimeTicks(reader.GetInt64(ordinal));
}
