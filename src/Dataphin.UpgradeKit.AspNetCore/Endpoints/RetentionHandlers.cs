using Dataphin.UpgradeKit.Retention;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The endpoints of retention (R-RET-1, R-RET-2): the list of runs, and read, pin and unpin a record. Pinning is not a lifecycle action: it is
/// allowed in every status, and each pin or unpin is an audit entry of the record (operation Pin or Unpin), so the View
/// log lists who pinned it and when. PUT and DELETE are writes like every POST: <c>Content-Type: application/json</c>
/// with the body <c>{}</c>, the same-origin check when it is on, 404 for an unknown record.
/// </summary>
internal static class RetentionHandlers
{
    private const string Template = "/{id}/pin";
    private const string RunsTemplate = "/retention/runs";

    /// <summary>Maps the three endpoints into <paramref name="group"/>, with the problems each can answer.</summary>
    public static void Map(RouteGroupBuilder group, UnmatchedRoutes unmatched, int[] readProblems, int[] changeProblems)
    {
        unmatched.Add(HttpMethods.Get, Template);
        unmatched.Add(HttpMethods.Put, Template);
        unmatched.Add(HttpMethods.Delete, Template);
        unmatched.Add(HttpMethods.Get, RunsTemplate);
        Problems(group.MapGet(RunsTemplate, RunsAsync), readProblems)
            .Produces<IReadOnlyList<Dataphin.UpgradeKit.Storage.RetentionRunEntry>>(StatusCodes.Status200OK, "application/json")
            .WithName("ListRetentionRuns")
            .WithSummary("The most recent retention runs that removed something or failed, newest first (limit, 1 to 500, default 50): who, when, what was removed and which archive files hold it.");
        Problems(group.MapGet(Template, GetAsync), readProblems)
            .Produces<RecordPinResponse>(StatusCodes.Status200OK, "application/json")
            .WithName("GetUpgradeRecordPin").WithSummary("Whether retention keeps the record whatever its policy (pinned).");
        Problems(group.MapPut(Template, PinAsync), changeProblems)
            .Produces<RecordPinResponse>(StatusCodes.Status200OK, "application/json").Accepts<EmptyBody>("application/json")
            .WithName("PinUpgradeRecord").WithSummary("Pins the record, in any status: no retention policy removes it until it is unpinned. Audited.")
            .AddEndpointFilter(UpgradeRecordsFilters.RequireJsonBodyAsync);
        Problems(group.MapDelete(Template, UnpinAsync), changeProblems)
            .Produces<RecordPinResponse>(StatusCodes.Status200OK, "application/json").Accepts<EmptyBody>("application/json")
            .WithName("UnpinUpgradeRecord").WithSummary("Unpins the record: the retention policy applies to it again. Audited.")
            .AddEndpointFilter(UpgradeRecordsFilters.RequireJsonBodyAsync);
    }

    public static async Task<JsonHttpResult<RecordPinResponse>> GetAsync(UpgradeCaller caller, string id, HttpContext context)
    {
        var recordId = UpgradeRecordsHandlers.ParseId(id);
        // A record that does not exist is 404, as for every other read of a record.
        _ = await caller.Queries.GetAsync(recordId, context.RequestAborted).ConfigureAwait(false);
        var pinned = await Retention(context).IsPinnedAsync(recordId, context.RequestAborted).ConfigureAwait(false);
        return Json(recordId, pinned);
    }

    public static async Task<JsonHttpResult<IReadOnlyList<Dataphin.UpgradeKit.Storage.RetentionRunEntry>>> RunsAsync(UpgradeCaller caller, int? limit, HttpContext context)
    {
        _ = caller; // resolved by the filters: no operator, no answer
        var count = limit ?? 50;
        if (count is < 1 or > 500)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), count, "limit must be between 1 and 500.");
        }

        var runs = await Retention(context).ReadRunsAsync(count, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(runs, EndpointJson.Info<IReadOnlyList<Dataphin.UpgradeKit.Storage.RetentionRunEntry>>());
    }

    public static async Task<JsonHttpResult<RecordPinResponse>> PinAsync(UpgradeCaller caller, string id, HttpContext context)
    {
        var recordId = UpgradeRecordsHandlers.ParseId(id);
        await JsonBody.ReadAsync<EmptyBody>(context.Request).ConfigureAwait(false);
        await Retention(context).PinAsync(recordId, caller.Actor, context.RequestAborted).ConfigureAwait(false);
        return Json(recordId, pinned: true);
    }

    public static async Task<JsonHttpResult<RecordPinResponse>> UnpinAsync(UpgradeCaller caller, string id, HttpContext context)
    {
        var recordId = UpgradeRecordsHandlers.ParseId(id);
        await JsonBody.ReadAsync<EmptyBody>(context.Request).ConfigureAwait(false);
        await Retention(context).UnpinAsync(recordId, caller.Actor, context.RequestAborted).ConfigureAwait(false);
        return Json(recordId, pinned: false);
    }

    private static UpgradeRetention Retention(HttpContext context) => context.RequestServices.GetRequiredService<UpgradeRetention>();

    private static JsonHttpResult<RecordPinResponse> Json(UpgradeRecordId id, bool pinned) =>
        TypedResults.Json(new RecordPinResponse { Id = id, Pinned = pinned }, EndpointJson.Info<RecordPinResponse>());

    private static RouteHandlerBuilder Problems(RouteHandlerBuilder builder, int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
