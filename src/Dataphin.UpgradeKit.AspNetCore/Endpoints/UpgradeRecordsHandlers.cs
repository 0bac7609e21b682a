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
    // Binding attributes for the Request Delegate Generator, which cannot tell a GET from a POST and reads nullability
    // alone: without them the array would be described as a possible JSON body and as a required parameter. It binds
    // from the query either way, absent meaning no filter, as for any GET.
    public static async Task<JsonHttpResult<RecordListPage>> ListAsync(UpgradeCaller caller, [FromQuery] string[]? status = null, string? pageSize = null,
        string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        var size = caller.Options.DefaultPageSize;
        if (pageSize is not null && !int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size))
        {
            throw new ArgumentException($"pageSize must be a whole number from 1 to {UpgradeRecordQuery.MaxPageSize}.");
        }

        var page = await caller.Queries.ListRowsAsync(new UpgradeRecordQuery
        {
            Statuses = ParseStatuses(status),
            PageSize = size,
            ContinuationToken = string.IsNullOrEmpty(continuationToken) ? null : continuationToken,
        }, caller.Actor, caller.Display, cancellationToken).ConfigureAwait(false);
        return Json(page);
    }

    public static async Task<JsonHttpResult<RecordListRow>> GetRowAsync(UpgradeCaller caller, string id, CancellationToken cancellationToken) =>
        Json(caller.Row(await caller.Queries.GetAsync(ParseId(id), cancellationToken).ConfigureAwait(false)));

    public static async Task<JsonHttpResult<IReadOnlyList<ActionView>>> GetActionsAsync(UpgradeCaller caller, string id, CancellationToken cancellationToken) =>
        Json(caller.Row(await caller.Queries.GetAsync(ParseId(id), cancellationToken).ConfigureAwait(false)).Actions);

    public static async Task<JsonHttpResult<ViewLogPanel>> ViewLogAsync(UpgradeCaller caller, string id, CancellationToken cancellationToken) =>
        Json(await caller.Queries.ViewLogAsync(ParseId(id), caller.Actor, caller.Display, cancellationToken).ConfigureAwait(false));

    // Changes are not cancelled when the client disconnects: the store applies them atomically either way, and an
    // operator who reloads must find the outcome the server reached, not a change abandoned half-way through a call.
    public static async Task<JsonHttpResult<RecordListRow>> StopAsync(UpgradeCaller caller, string id, HttpRequest request)
    {
        var recordId = ParseId(id);
        var body = await JsonBody.ReadAsync<StopBody>(request).ConfigureAwait(false);
        var record = await caller.Commands.StopAsync(recordId, caller.Actor, new StopOptions(body.RerunForceStoppedInstances), body.ExpectedVersion)
            .ConfigureAwait(false);
        return Json(caller.Row(record));
    }

    public static async Task<JsonHttpResult<RecordListRow>> ForceStopAsync(UpgradeCaller caller, string id, HttpRequest request)
    {
        var recordId = ParseId(id);
        var body = await JsonBody.ReadAsync<ForceStopBody>(request).ConfigureAwait(false);
        var record = await caller.Commands.ForceStopAsync(recordId, caller.Actor, new ForceStopRequest(body.Result, body.DeclarationAccepted), body.ExpectedVersion)
            .ConfigureAwait(false);
        return Json(caller.Row(record));
    }

    public static async Task<JsonHttpResult<CancelResponse>> CancelAsync(UpgradeCaller caller, string id, HttpRequest request)
    {
        var recordId = ParseId(id);
        var body = await JsonBody.ReadAsync<VersionBody>(request).ConfigureAwait(false);
        var outcome = await caller.Commands.CancelAsync(recordId, caller.Actor, body.ExpectedVersion).ConfigureAwait(false);
        return Json(new CancelResponse(outcome.Removed, outcome.Record is { } record ? caller.Row(record) : null));
    }

    public static async Task<JsonHttpResult<RecordListRow>> CompleteAsync(UpgradeCaller caller, string id, HttpRequest request)
    {
        var recordId = ParseId(id);
        var body = await JsonBody.ReadAsync<VersionBody>(request).ConfigureAwait(false);
        return Json(caller.Row(await caller.Commands.CompleteAsync(recordId, caller.Actor, body.ExpectedVersion).ConfigureAwait(false)));
    }

    public static async Task<JsonHttpResult<ResumePoint>> ResumeUpgradeAsync(UpgradeCaller caller, string id, HttpRequest request)
    {
        var recordId = ParseId(id);
        await JsonBody.ReadAsync<EmptyBody>(request).ConfigureAwait(false);
        return Json(await caller.Commands.ResumeUpgradeAsync(recordId, caller.Actor).ConfigureAwait(false));
    }

    public static async Task<JsonHttpResult<ResumePoint>> ResumeVerificationAsync(UpgradeCaller caller, string id, HttpRequest request)
    {
        var recordId = ParseId(id);
        await JsonBody.ReadAsync<EmptyBody>(request).ConfigureAwait(false);
        return Json(await caller.Commands.ResumeVerificationAsync(recordId, caller.Actor).ConfigureAwait(false));
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

    private static List<UpgradeStatus>? ParseStatuses(string[]? values)
    {
        List<UpgradeStatus>? statuses = null;
        foreach (var value in values ?? [])
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (char.IsAsciiDigit(part[0]) || !Enum.TryParse<UpgradeStatus>(part, ignoreCase: true, out var status) || !Enum.IsDefined(status))
                {
                    throw new ArgumentException($"'{part}' is not an upgrade status; use one of {string.Join(", ", Enum.GetNames<UpgradeStatus>())}.");
                }

                (statuses ??= []).Add(status);
            }
        }

        return statuses;
    }
}
