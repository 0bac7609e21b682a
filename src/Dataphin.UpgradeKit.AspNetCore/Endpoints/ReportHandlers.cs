using Dataphin.UpgradeKit.Export.Reports;
using Dataphin.UpgradeKit.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The report downloads: the records list and the audit trail with the same query parameters as their JSON endpoints,
/// as CSV (<c>format=csv</c>, the default) or JSON Lines (<c>format=jsonl</c>), streamed into the response.
/// </summary>
internal static class ReportHandlers
{
    public static async Task RecordsAsync(UpgradeCaller caller, [FromServices] UpgradeHistory history, [AsParameters] RecordSearchParameters search,
        [FromQuery(Name = "format")] string? format, HttpContext context, CancellationToken cancellationToken = default)
    {
        var query = search.ToQuery(Storage.UpgradeRecordQuery.MaxPageSize);
        query.Validate();
        var reports = new UpgradeReports(history);
        if (Start(context, format, UpgradeReports.RecordsReportName))
        {
            await reports.WriteRecordsCsvAsync(query, caller.Display, context.Response.Body, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await reports.WriteRecordsJsonLinesAsync(query, caller.Display, context.Response.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task AuditAsync(UpgradeCaller caller, [FromServices] UpgradeHistory history, [AsParameters] AuditSearchParameters search,
        [FromQuery(Name = "format")] string? format, HttpContext context, CancellationToken cancellationToken = default)
    {
        var query = search.ToQuery();
        query.Validate();
        var reports = new UpgradeReports(history);
        if (Start(context, format, UpgradeReports.AuditReportName))
        {
            await reports.WriteAuditCsvAsync(query, caller.Display, context.Response.Body, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await reports.WriteAuditJsonLinesAsync(query, caller.Display, context.Response.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    // True for CSV. Headers are set only once the query is known to be valid, so an invalid one is still a problem.
    private static bool Start(HttpContext context, string? format, string name)
    {
        var csv = format is null or "" || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !string.Equals(format, "jsonl", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("format must be csv or jsonl.");
        }

        context.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{(csv ? "csv" : "jsonl")}\"";
        context.Response.Headers.CacheControl = "no-store";
        return csv;
    }
}
