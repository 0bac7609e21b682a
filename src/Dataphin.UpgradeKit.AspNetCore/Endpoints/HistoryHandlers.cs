using System.ComponentModel;
using System.Globalization;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The history endpoints: the audit trail across records and the insights. Each reads the query string, calls
/// <see cref="UpgradeHistory"/> once and returns its answer; errors become problem details like the other endpoints'.
/// </summary>
internal static class HistoryHandlers
{
    public static async Task<JsonHttpResult<AuditTrailPage>> AuditAsync(UpgradeCaller caller, [FromServices] UpgradeHistory history,
        [AsParameters] AuditSearchParameters search, CancellationToken cancellationToken = default) =>
        TypedResults.Json(await history.QueryAuditAsync(search.ToQuery(), cancellationToken).ConfigureAwait(false), EndpointJson.Info<AuditTrailPage>());

    public static async Task<JsonHttpResult<UpgradeInsights>> InsightsAsync(UpgradeCaller caller, [FromServices] UpgradeHistory history,
        [AsParameters] InsightsParameters parameters, CancellationToken cancellationToken = default) =>
        TypedResults.Json(await history.GetInsightsAsync(parameters.ToQuery(), caller.Display, cancellationToken).ConfigureAwait(false), EndpointJson.Info<UpgradeInsights>());
}

/// <summary>The query string of the audit trail across records.</summary>
internal sealed class AuditSearchParameters
{
    [FromQuery(Name = "actor")]
    [Description("Only entries of this operator (\"system\" for what the host reported).")]
    public string? Actor { get; set; }

    [FromQuery(Name = "operation")]
    [Description("Operations to keep (repeatable or comma-separated), e.g. ForceStop,Stop.")]
    public string[]? Operation { get; set; }

    [FromQuery(Name = "recordId")]
    [Description("Only entries of this record (32 hexadecimal digits).")]
    public string? RecordId { get; set; }

    [FromQuery(Name = "outcome")]
    [Description("Accepted (applied) or Refused; both when absent.")]
    public string? Outcome { get; set; }

    [FromQuery(Name = "from")]
    [Description("Entries written at or after this instant (ISO-8601).")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    [Description("Entries written before this instant (ISO-8601).")]
    public string? To { get; set; }

    [FromQuery(Name = "pageSize")]
    [Description("Entries per page, 1 to 500; default 50.")]
    public string? PageSize { get; set; }

    [FromQuery(Name = "continuationToken")]
    [Description("The continuationToken of the previous page, with the same filters.")]
    public string? ContinuationToken { get; set; }

    public AuditTrailQuery ToQuery()
    {
        var size = new AuditTrailQuery().PageSize;
        if (PageSize is not null && !int.TryParse(PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size))
        {
            throw new ArgumentException($"pageSize must be a whole number from 1 to {AuditTrailQuery.MaxPageSize}.");
        }

        var outcomes = RecordSearchParameters.Names<AuditOutcome>(Outcome is null ? null : [Outcome], "outcome", "an audit outcome");
        return new AuditTrailQuery
        {
            Actor = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
            Operations = RecordSearchParameters.Names<UpgradeOperation>(Operation, "operation", "an operation"),
            RecordId = string.IsNullOrEmpty(RecordId) ? null : UpgradeRecordsHandlers.ParseId(RecordId),
            Outcome = outcomes is { Count: 1 } ? outcomes[0] : outcomes is null ? null : throw new ArgumentException("outcome takes one value: Accepted or Refused."),
            Within = RecordSearchParameters.IntervalOf(From, To, "at"),
            PageSize = size,
            ContinuationToken = string.IsNullOrEmpty(ContinuationToken) ? null : ContinuationToken,
        };
    }
}

/// <summary>The query string of the insights.</summary>
internal sealed class InsightsParameters
{
    [FromQuery(Name = "from")]
    [Description("Records created at or after this instant (ISO-8601); every record when absent.")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    [Description("Records created before this instant (ISO-8601).")]
    public string? To { get; set; }

    [FromQuery(Name = "maintenanceBudgetMinutes")]
    [Description("The maintenance window budget in minutes; windows longer than it are counted as overruns.")]
    public string? MaintenanceBudgetMinutes { get; set; }

    public InsightsQuery ToQuery()
    {
        Duration? budget = null;
        if (!string.IsNullOrEmpty(MaintenanceBudgetMinutes))
        {
            budget = int.TryParse(MaintenanceBudgetMinutes, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
                ? Duration.FromMinutes(minutes)
                : throw new ArgumentException("maintenanceBudgetMinutes must be a whole number of minutes.");
        }

        return new InsightsQuery { Within = RecordSearchParameters.IntervalOf(From, To, "created"), MaintenanceBudget = budget };
    }
}
