using System.Text.Json.Serialization;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>One page of list rows, newest first.</summary>
public sealed record RecordListPage
{
    /// <summary>The rows of the page.</summary>
    public required IReadOnlyList<RecordListRow> Rows { get; init; }

    /// <summary>Pass it as <see cref="Storage.UpgradeRecordQuery.ContinuationToken"/> for the next page; null on the last page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>The culture whose texts the rows are in (each row says it too).</summary>
    [JsonPropertyOrder(-1)]
    public string Culture { get; init; } = "en";
}
