using System.Text.Json.Serialization;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>One page of list rows, newest first.</summary>
/// <param name="Rows">The rows of the page.</param>
/// <param name="ContinuationToken">Pass it as <see cref="Storage.UpgradeRecordQuery.ContinuationToken"/> for the next page; null on the last page.</param>
public sealed record RecordListPage(IReadOnlyList<RecordListRow> Rows, string? ContinuationToken)
{
    /// <summary>The culture whose texts the rows are in (each row says it too).</summary>
    [JsonPropertyOrder(-1)]
    public string Culture { get; init; } = "en";
}
