using System.Reflection;
using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.History;

/// <summary>
/// The exact statements the database stores send (built by the relational core's internal builders, reached by
/// reflection), for <c>EXPLAIN</c>: the slowest list combination's first page and a deep page, the audit trail (all
/// entries and one operator's, after a cursor) and the two insights statements.
/// </summary>
internal static class HistoryPlans
{
    private static readonly Assembly Core = Assembly.Load("Dataphin.UpgradeKit.Relational");

    public static IEnumerable<(string Title, string Sql, IEnumerable<KeyValuePair<string, object>> Parameters)> Statements(
        (int Mask, UpgradeRecordSortOrder Sort) worst, Func<UpgradeRecordId, object> idValue)
    {
        var query = HistoryQueries.Records(worst.Mask, worst.Sort);
        var name = HistoryQueries.Name(worst.Mask, worst.Sort);
        yield return Pair($"the slowest list combination, first page: {name}", Invoke("ListSql", "Build", query, null, idValue));
        var middle = new UpgradeRecordCursor(HistoryData.Base + HistoryData.Span / 2, new UpgradeRecordId(Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")))
        {
            Sort = worst.Sort,
            SortKey = Duration.FromHours(1),
        };
        yield return Pair($"the same, a deep page (after the middle of the creation span, or after a one-hour duration)", Invoke("ListSql", "Build", query, middle, idValue));
        var noFilter = new UpgradeRecordQuery();
        yield return Pair("no filter, newest first, a deep page (middle of the creation span)",
            Invoke("ListSql", "Build", noFilter, middle with { Sort = UpgradeRecordSortOrder.NewestFirst }, idValue));
        var token = (string)Core.GetType("Dataphin.UpgradeKit.Relational.AuditTrailSql", throwOnError: true)!
            .GetMethod("Encode")!.Invoke(null, [(HistoryData.Base + HistoryData.Span / 2).ToUnixTimeTicks(), long.MaxValue])!;
        yield return Pair("audit trail, no filter, after a cursor in the middle", Invoke("AuditTrailSql", "Build", new AuditTrailQuery { ContinuationToken = token }, idValue));
        yield return Pair("audit trail, one operator, after a cursor in the middle",
            Invoke("AuditTrailSql", "Build", new AuditTrailQuery { Actor = "operator-050", ContinuationToken = token }, idValue));
        yield return Pair("insights, counts over all records", Invoke("InsightsSql", "Counts", new InsightsQuery()));
        yield return Pair("insights, durations over all records", Invoke("InsightsSql", "Durations", new InsightsQuery()));
    }

    private static ITuple Invoke(string type, string method, params object?[] arguments) =>
        (ITuple)Core.GetType("Dataphin.UpgradeKit.Relational." + type, throwOnError: true)!.GetMethod(method)!.Invoke(null, arguments)!;

    private static (string, string, IEnumerable<KeyValuePair<string, object>>) Pair(string title, ITuple built) =>
        (title, (string)built[0]!, (IEnumerable<KeyValuePair<string, object>>)built[1]!);
}
