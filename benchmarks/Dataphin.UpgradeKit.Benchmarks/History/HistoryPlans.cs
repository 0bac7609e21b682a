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
        foreach (var (form, built) in ListForms(query, null, idValue))
        {
            yield return Pair($"the slowest list combination, first page, {form} form: {name}", built);
        }

        var middle = new UpgradeRecordCursor(HistoryData.Base + HistoryData.Span / 2, new UpgradeRecordId(Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")))
        {
            Sort = worst.Sort,
            SortKey = Duration.FromHours(1),
        };
        foreach (var (form, built) in ListForms(query, middle, idValue))
        {
            yield return Pair($"the same, a deep page (after the middle of the creation span, or after a one-hour duration), {form} form", built);
        }

        yield return Pair("no filter, newest first, a deep page (middle of the creation span), walk form",
            ListForms(new UpgradeRecordQuery(), middle with { Sort = UpgradeRecordSortOrder.NewestFirst }, idValue).First().Built);
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

    /// <summary>The list statement of both forms, walk first (reached by reflection like the rest).</summary>
    private static IEnumerable<(string Form, ITuple Built)> ListForms(UpgradeRecordQuery query, UpgradeRecordCursor? cursor, Func<UpgradeRecordId, object> idValue)
    {
        var formType = Core.GetType("Dataphin.UpgradeKit.Relational.ListForm", throwOnError: true)!;
        foreach (var form in Enum.GetValues(formType).Cast<object>().Where(f => f.ToString() != "Single")) // PostgreSQL's two forms
        {
            yield return (form.ToString()!, Invoke("ListSql", "Build", query, cursor, idValue, form, HistoryFocus.PostgreSqlWalk(query.PageSize), HistoryFocus.LateralJoin));
        }
    }

    private static (string, string, IEnumerable<KeyValuePair<string, object>>) Pair(string title, ITuple built) =>
        (title, (string)built[0]!, (IEnumerable<KeyValuePair<string, object>>)built[1]!);
}
