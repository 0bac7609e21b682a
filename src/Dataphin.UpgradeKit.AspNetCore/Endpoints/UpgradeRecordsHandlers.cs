using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Service;
using Dataphin.UpgradeKit.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The handlers behind <see cref="UpgradeRecordsEndpointRouteBuilderExtensions.MapUpgradeRecords"/>: each resolves the
/// operator and the display, calls the service once and returns its projection. No logic of the page lives here.
/// </summary>
internal static class UpgradeRecordsHandlers
{
    // Valid (zone, culture) pairs only, so the cache is bounded by tzdb zones times predefined cultures.
    private static readonly ConcurrentDictionary<(string Zone, string Culture), DisplayContext> Displays = new();

    public static async ValueTask<object?> TranslateErrorsAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (invocation.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw; // the client went away; there is nobody to answer
        }
#pragma warning disable CA1031 // Every failure must become a problem details body, never the server's default error page with a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return UpgradeProblems.From(ex, invocation.HttpContext);
        }
    }

    public static async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        var query = context.Request.Query;
        var pageSize = caller.Options.DefaultPageSize;
        if (query.TryGetValue("pageSize", out var size) && !int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize))
        {
            throw new ArgumentException($"pageSize must be a whole number from 1 to {UpgradeRecordQuery.MaxPageSize}.");
        }

        var page = await caller.Service.ListRowsAsync(new UpgradeRecordQuery
        {
            Statuses = ParseStatuses(query["status"]),
            PageSize = pageSize,
            ContinuationToken = string.IsNullOrEmpty(query["continuationToken"]) ? null : query["continuationToken"].ToString(),
        }, caller.Actor, caller.Display, cancellationToken).ConfigureAwait(false);
        return Json(page);
    }

    public static async Task<IResult> GetRowAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        var record = await caller.Service.GetAsync(ParseId(id), cancellationToken).ConfigureAwait(false);
        return Json(caller.Row(record));
    }

    public static async Task<IResult> GetActionsAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        var record = await caller.Service.GetAsync(ParseId(id), cancellationToken).ConfigureAwait(false);
        return Json(caller.Row(record).Actions);
    }

    public static async Task<IResult> ViewLogAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        return Json(await caller.Service.ViewLogAsync(ParseId(id), caller.Actor, caller.Display, cancellationToken).ConfigureAwait(false));
    }

    // Changes are not cancelled when the client disconnects: the store applies them atomically either way, and an
    // operator who reloads must find the outcome the server reached, not a change abandoned half-way through a call.
    public static async Task<IResult> StopAsync(HttpContext context, string id)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        var recordId = ParseId(id);
        var body = await ReadBodyAsync(context.Request, new StopBody()).ConfigureAwait(false);
        var record = await caller.Service.StopAsync(recordId, caller.Actor, new StopOptions(body.RerunForceStoppedInstances), body.ExpectedVersion)
            .ConfigureAwait(false);
        return Json(caller.Row(record));
    }

    public static async Task<IResult> ForceStopAsync(HttpContext context, string id)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        var recordId = ParseId(id);
        var body = await ReadBodyAsync(context.Request, new ForceStopBody()).ConfigureAwait(false);
        var record = await caller.Service.ForceStopAsync(recordId, caller.Actor, new ForceStopRequest(body.Result, body.DeclarationAccepted), body.ExpectedVersion)
            .ConfigureAwait(false);
        return Json(caller.Row(record));
    }

    public static async Task<IResult> CancelAsync(HttpContext context, string id)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        var recordId = ParseId(id);
        var body = await ReadBodyAsync(context.Request, new VersionBody()).ConfigureAwait(false);
        var outcome = await caller.Service.CancelAsync(recordId, caller.Actor, body.ExpectedVersion).ConfigureAwait(false);
        return Json(new CancelResponse(outcome.Removed, outcome.Record is { } record ? caller.Row(record) : null));
    }

    public static async Task<IResult> CompleteAsync(HttpContext context, string id)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        var recordId = ParseId(id);
        var body = await ReadBodyAsync(context.Request, new VersionBody()).ConfigureAwait(false);
        return Json(caller.Row(await caller.Service.CompleteAsync(recordId, caller.Actor, body.ExpectedVersion).ConfigureAwait(false)));
    }

    public static async Task<IResult> ResumeUpgradeAsync(HttpContext context, string id)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        return Json(await caller.Service.ResumeUpgradeAsync(ParseId(id), caller.Actor).ConfigureAwait(false));
    }

    public static async Task<IResult> ResumeVerificationAsync(HttpContext context, string id)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        return Json(await caller.Service.ResumeVerificationAsync(ParseId(id), caller.Actor).ConfigureAwait(false));
    }

    /// <summary>
    /// R-CFG-1: the password is revealed into this response body only. It is never passed to a logger, a tag or a
    /// header, and the response must not be cached.
    /// </summary>
    public static async Task<IResult> DownloadAsync(HttpContext context, string id)
    {
        if (Caller.Resolve(context) is not { } caller)
        {
            return UpgradeProblems.Unauthenticated();
        }

        var recordId = ParseId(id);
        using var file = new MemoryStream();
        using var export = await new ConfigurationExporter(caller.Service).ExportAsync(recordId, caller.Actor, file).ConfigureAwait(false);
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

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<T> Json<T>(T value) => TypedResults.Json(value, UpgradeKitJson.Options);

    private static UpgradeRecordId ParseId(string id) => UpgradeRecordId.TryParse(id, out var recordId)
        ? recordId
        : throw new ArgumentException("The id in the path is not an upgrade record id (expected 32 hexadecimal digits).", nameof(id));

    private static List<UpgradeStatus>? ParseStatuses(Microsoft.Extensions.Primitives.StringValues values)
    {
        List<UpgradeStatus>? statuses = null;
        foreach (var value in values)
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

    private static async Task<T> ReadBodyAsync<T>(HttpRequest request, T empty)
        where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.HasJsonContentType()))
        {
            return empty;
        }

        if (!request.HasJsonContentType())
        {
            throw new ArgumentException("The request body must be JSON (Content-Type: application/json).");
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(UpgradeKitJson.Options).ConfigureAwait(false) ?? empty;
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("The request body is not valid JSON for this action: " + ex.Message, ex);
        }
    }

    private static DisplayContext DisplayFor(HttpContext context, UpgradeRecordsEndpointOptions options)
    {
        var query = context.Request.Query;
        var zone = string.IsNullOrWhiteSpace(query["timeZone"]) ? options.DefaultTimeZone : query["timeZone"].ToString();
        var culture = string.IsNullOrWhiteSpace(query["culture"]) ? options.DefaultCulture : query["culture"].ToString();
        if (Displays.TryGetValue((zone, culture), out var display))
        {
            return display;
        }

        var tz = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone)
            ?? throw new ArgumentException($"'{zone}' is not a time zone id of the IANA time zone database (e.g. Asia/Shanghai).");
        return Displays.GetOrAdd((zone, culture), new DisplayContext(tz, CultureInfo.GetCultureInfo(culture, predefinedOnly: true)));
    }

    /// <summary>Who asks, through which service, in which display.</summary>
    private sealed record Caller(UpgradeRecordService Service, OperatorIdentity Actor, DisplayContext Display, UpgradeRecordsEndpointOptions Options)
    {
        public static Caller? Resolve(HttpContext context)
        {
            var services = context.RequestServices;
            if (services.GetRequiredService<IOperatorAccessor>().GetOperator(context) is not { } actor)
            {
                return null;
            }

            var options = services.GetService<IOptions<UpgradeRecordsEndpointOptions>>()?.Value ?? new UpgradeRecordsEndpointOptions();
            return new Caller(services.GetRequiredService<UpgradeRecordService>(), actor, DisplayFor(context, options), options);
        }

        public RecordListRow Row(UpgradeRecord record) =>
            RecordProjections.ToListRow(record, Service.Policy.Evaluate(record, Actor, Display.Culture), Display);
    }
}
