using System.Globalization;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The handlers behind <see cref="Microsoft.AspNetCore.Builder.UpgradeRecordsEndpointRouteBuilderExtensions.MapUpgradeRecords"/>:
/// each takes the <see cref="UpgradeCaller"/> that binding resolved, calls the service once and returns its projection
/// as a typed result, so the OpenAPI description knows every answer's shape. Errors are thrown and become problem
/// details in <see cref="UpgradeRecordsFilters.TranslateErrorsAsync"/>. No logic of the page lives here.
/// </summary>
internal static class UpgradeRecordsHandlers
{
    // Every filter of the history search comes from the query string through RecordSearchParameters ([AsParameters]),
    // so the Request Delegate Generator binds and describes each one; absent means no filter, as for any GET.
    public static async Task<JsonHttpResult<RecordListPage>> ListAsync(UpgradeCaller caller, [AsParameters] RecordSearchParameters search,
        CancellationToken cancellationToken = default)
    {
        var page = await caller.Queries.ListRowsAsync(search.ToQuery(caller.Options.DefaultPageSize), caller.Actor, caller.Display, cancellationToken)
            .ConfigureAwait(false);
        return Json(page);
    }

    public static async Task<JsonHttpResult<RecordListRow>> GetRowAsync(UpgradeCaller caller, string id, CancellationToken cancellationToken) =>
        Json(await caller.RowAsync(await caller.Queries.GetAsync(ParseId(id), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));

    public static async Task<JsonHttpResult<IReadOnlyList<ActionView>>> GetActionsAsync(UpgradeCaller caller, string id, CancellationToken cancellationToken) =>
        Json((await caller.RowAsync(await caller.Queries.GetAsync(ParseId(id), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)).Actions);

    /// <summary>
    /// The one handler of every action endpoint: the action is the catalog entry the endpoint was mapped with, and
    /// <see cref="ActionInvokers"/> reads its body and calls the service.
    /// </summary>
    public static Task<IResult> ActAsync(UpgradeCaller caller, string id, HttpContext context)
    {
        var entry = context.GetEndpoint()?.Metadata.GetMetadata<ActionEntry>()
            ?? throw new InvalidOperationException("An action endpoint was mapped without its catalog entry.");
        return ActionInvokers.InvokeAsync(entry, caller, ParseId(id), context);
    }

    /// <summary>
    /// R-CFG-1: the password is revealed into this response body only. It is never passed to a logger, a tag or a
    /// header, and the response must not be cached.
    /// </summary>
    public static async Task<JsonHttpResult<ConfigurationDownloadResponse>> DownloadAsync(UpgradeCaller caller, string id, HttpContext context)
    {
        var recordId = ParseId(id);
        await JsonBody.ReadAsync<EmptyBody>(context.Request).ConfigureAwait(false);
        using var file = new MemoryStream();
        using var export = await new ConfigurationExporter(caller.Queries).ExportAsync(recordId, caller.Actor, file).ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store";
        return Json(new ConfigurationDownloadResponse
        {
            FileName = export.DownloadFileName,
            Password = export.Password.Reveal(),
            ContentBase64 = Convert.ToBase64String(file.GetBuffer(), 0, checked((int)file.Length)),
            Length = export.Length,
            EncryptedSha256 = export.Receipt.EncryptedSha256,
        });
    }

    private static JsonHttpResult<T> Json<T>(T value) => TypedResults.Json(value, EndpointJson.Info<T>());

    internal static UpgradeRecordId ParseId(string id) => UpgradeRecordId.TryParse(id, out var recordId)
        ? recordId
        : throw new ArgumentException("The id in the path is not an upgrade record id (expected 32 hexadecimal digits).", nameof(id));
}
