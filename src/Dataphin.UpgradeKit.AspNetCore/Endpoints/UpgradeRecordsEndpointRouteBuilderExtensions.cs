using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.Live;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.AspNetCore.OpenApi;
using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.Commands;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// The namespace of the type it extends' usual call site (app.MapGet, app.MapHealthChecks), as ASP.NET Core's own
// Map* extensions do, so `app.MapUpgradeRecords()` needs no using of the SDK.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the HTTP API of the Upgrade Records page.</summary>
public static class UpgradeRecordsEndpointRouteBuilderExtensions
{
    /// <summary>The OpenAPI tag of every Upgrade Records endpoint.</summary>
    public const string OpenApiTag = "Upgrade Records";

    private static readonly int[] ReadProblems =
        [StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status500InternalServerError,
         StatusCodes.Status503ServiceUnavailable];

    private static readonly int[] ChangeProblems =
        [.. ReadProblems, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
         StatusCodes.Status415UnsupportedMediaType];

    /// <summary>
    /// Maps the Upgrade Records endpoints under <paramref name="prefix"/>. Every answer is one of the SDK's projections
    /// serialised unchanged with <see cref="Dataphin.UpgradeKit.Projections.UpgradeKitJson.Options"/>, or an RFC 7807
    /// problem (<see cref="UpgradeProblemTypes"/>), framework refusals under the prefix (unknown path 404, wrong method
    /// 405, body too large 413) included. Every request needs an operator: the registered <see cref="IOperatorAccessor"/>
    /// says who asks, and a request without one is 401. <c>culture</c> and <c>timeZone</c> query parameters
    /// choose the display (defaults: <see cref="UpgradeRecordsEndpointOptions"/>). Every POST is state-changing and takes
    /// a JSON object with <c>Content-Type: application/json</c>, <c>{}</c> when it has no options: anything else is 415
    /// and changes nothing. An action the operator may not take (an authorization policy of
    /// <see cref="UpgradeRecordsEndpointOptions.ActionPolicies"/> refused, or a force-stop by someone not qualified) is 403;
    /// one the record's status does not allow, or sent without a reason the host requires, is 409. A reason (1 to 500
    /// characters on one line, no bidirectional formatting characters) that is not valid is 400. Under cookie authentication every route, the event streams
    /// included, answers 401 rather than redirecting to a login page.
    /// <list type="table">
    /// <item><term><c>GET {prefix}</c></term><description>a <c>RecordListPage</c>; query <c>status</c>, <c>outcome</c>, <c>mode</c> (each repeatable or comma-separated), <c>version</c>, <c>targetFrom</c>/<c>targetTo</c>, <c>initialFrom</c>/<c>initialTo</c>, <c>createdFrom</c>/<c>createdTo</c>, <c>startedFrom</c>/<c>startedTo</c>, <c>finishedFrom</c>/<c>finishedTo</c>, <c>operator</c>, <c>sort</c>, <c>pageSize</c>, <c>continuationToken</c>.</description></item>
    /// <item><term><c>GET {prefix}/audit</c></term><description>an <c>AuditTrailPage</c> of the audit trail across records; query <c>actor</c>, <c>operation</c>, <c>recordId</c>, <c>outcome</c>, <c>from</c>/<c>to</c>, <c>pageSize</c>, <c>continuationToken</c>.</description></item>
    /// <item><term><c>GET {prefix}/report</c>, <c>GET {prefix}/audit/report</c></term><description>the list or the audit trail as a CSV or JSON Lines download (<c>format=csv|jsonl</c>), with the same query parameters.</description></item>
    /// <item><term><c>GET {prefix}/insights</c></term><description>the <c>UpgradeInsights</c> of the records created <c>from</c>/<c>to</c>, with an optional <c>maintenanceBudgetMinutes</c>.</description></item>
    /// <item><term><c>GET {prefix}/{id}</c></term><description>one <c>RecordListRow</c>.</description></item>
    /// <item><term><c>GET {prefix}/{id}/actions</c></term><description>the row's actions: offered, reason code and sentence.</description></item>
    /// <item><term><c>GET {prefix}/{id}/log</c></term><description>the <c>ViewLogPanel</c> (audited; refused where View log is not offered).</description></item>
    /// <item><term><c>GET {prefix}/events</c></term><description>Server-Sent Events: every committed change of any record, <c>id:</c> its position, <c>data:</c> a <c>RecordWatchEvent</c>; <c>Last-Event-ID</c> (or query <c>lastEventId</c>) resumes after a position, or answers 410 when the feed was trimmed past it; heartbeat comments while idle.</description></item>
    /// <item><term><c>GET {prefix}/{id}/events</c></term><description>the same for one record, with its View log panel; ends after the record's removal.</description></item>
    /// <item><term><c>POST {prefix}/{id}/stop</c></term><description>body <c>{rerunForceStoppedInstances, reason, expectedVersion}</c>; answers the new row.</description></item>
    /// <item><term><c>POST {prefix}/{id}/force-stop</c></term><description>body <c>{result, declarationAccepted, declarationVersion, reason, expectedVersion}</c>; answers the new row.</description></item>
    /// <item><term><c>POST {prefix}/{id}/cancel</c>, <c>/complete</c></term><description>body <c>{expectedVersion}</c> or <c>{}</c> (cancel also takes <c>reason</c>); cancel answers <c>{removed, row}</c>, complete the new row.</description></item>
    /// <item><term><c>GET {prefix}/force-stop-declaration</c></term><description>the declaration the Force-stop dialog shows, in the request's language, with the <c>version</c> to send back as <c>declarationVersion</c>.</description></item>
    /// <item><term><c>POST {prefix}/{id}/resume-upgrade</c>, <c>/resume-verification</c></term><description>body <c>{}</c>; a <c>ResumePoint</c>.</description></item>
    /// <item><term><c>GET {prefix}/retention/runs</c></term><description>the most recent retention runs that removed something or failed (<c>limit</c>, default 50): who, when, counts, archive files.</description></item>
    /// <item><term><c>GET</c>, <c>PUT</c>, <c>DELETE {prefix}/{id}/pin</c></term><description>whether the record is pinned (kept by retention whatever its policy), pin it, unpin it; PUT and DELETE take <c>{}</c>, are allowed in every status and are audited; a <see cref="RecordPinResponse"/>.</description></item>
    /// <item><term><c>POST {prefix}/{id}/download</c></term><description>body <c>{}</c>; a <see cref="ConfigurationDownloadResponse"/> with the one-time password, <c>Cache-Control: no-store</c>.</description></item>
    /// </list>
    /// </summary>
    /// <param name="endpoints">The application's route builder.</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The route group, to add authorization, rate limiting or CORS to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// <see cref="UpgradeCommands"/> or <see cref="IOperatorAccessor"/> is not registered (call <c>AddUpgradeKit</c> and
    /// register an accessor first), or <see cref="UpgradeRecordsEndpointOptions"/> are invalid (the message lists every problem).
    /// </exception>
    public static RouteGroupBuilder MapUpgradeRecords(this IEndpointRouteBuilder endpoints, string prefix = "/api/upgrades")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var registered = endpoints.ServiceProvider.GetService<IServiceProviderIsService>();
        if (registered is not null)
        {
            if (!registered.IsService(typeof(UpgradeCommands)))
            {
                throw new InvalidOperationException("MapUpgradeRecords needs the UpgradeKit feature types: call services.AddUpgradeKit(...) and choose a store.");
            }

            if (!registered.IsService(typeof(IOperatorAccessor)))
            {
                throw new InvalidOperationException(
                    "MapUpgradeRecords needs an IOperatorAccessor that says who is asking: register the host's implementation in the container.");
            }
        }

        EndpointOptionsValidation.ThrowIfInvalid(endpoints.ServiceProvider.GetService<IOptions<UpgradeRecordsEndpointOptions>>()?.Value,
            endpoints.ServiceProvider);

        var group = endpoints.MapGroup(prefix);
        group.WithTags(OpenApiTag);

        // Every route here is an API route, the event streams included: under cookie authentication an unauthenticated
        // request is 401, never a redirect to a login page (which an EventSource would follow into an HTML answer).
        group.DisableCookieRedirect();
        group.WithMetadata(new DisplayContextCache());
        group.AddOpenApiOperationTransformer(UpgradeRecordsOpenApi.AddDisplayParametersAsync);
        group.AddEndpointFilter(UpgradeRecordsFilters.TranslateErrorsAsync);
        group.AddEndpointFilter(UpgradeRecordsFilters.RequireCallerAsync);
        var unmatched = new UnmatchedRoutes();

        // Each Map call names its handler directly, so the Request Delegate Generator builds the request delegate at
        // compile time (trimmed and NativeAOT hosts; no reflection over the handler). The helpers only add what every
        // endpoint of a kind shares: the template (for the unmatched-route answers), the success response's type as the
        // handler returns it (Task<JsonHttpResult<T>>: JsonHttpResult<T> declares no response type itself), the problems.
        RouteHandlerBuilder Read<TResponse>(string template, RouteHandlerBuilder endpoint, string name, string summary)
        {
            unmatched.Add(HttpMethods.Get, template);
            return Problems(endpoint.Produces<TResponse>(StatusCodes.Status200OK, "application/json"), ReadProblems).WithName(name).WithSummary(summary);
        }

        RouteHandlerBuilder Change<TBody, TResponse>(string template, RouteHandlerBuilder mapped, UpgradeAction? action, string name, string summary)
            where TBody : notnull
        {
            unmatched.Add(HttpMethods.Post, template);
            var endpoint = Problems(mapped.Produces<TResponse>(StatusCodes.Status200OK, "application/json"), ChangeProblems).WithName(name).WithSummary(summary)
                .Accepts<TBody>("application/json");
            if (action is { } taken)
            {
                endpoint.AddEndpointFilter(ActionAuthorization.Require(taken));
            }

            return endpoint.AddEndpointFilter(UpgradeRecordsFilters.RequireJsonBodyAsync);
        }

        RouteHandlerBuilder Report(string template, RouteHandlerBuilder endpoint, string name, string summary)
        {
            unmatched.Add(HttpMethods.Get, template);
            return Problems(endpoint, ReadProblems).WithName(name).WithSummary(summary)
                .Produces<string>(StatusCodes.Status200OK, "text/csv", "application/jsonl")
                .AddOpenApiOperationTransformer(HistoryOpenApi.QueryParametersOptionalAsync);
        }

        RouteHandlerBuilder Events(string template, RouteHandlerBuilder endpoint, string name, string summary)
        {
            unmatched.Add(HttpMethods.Get, template);
            return Problems(endpoint, ReadProblems).WithName(name).WithSummary(summary)
                .Produces<RecordWatchEvent>(StatusCodes.Status200OK, "text/event-stream")
                .ProducesProblem(StatusCodes.Status410Gone);
        }

        Events("/events", group.MapGet("/events", UpgradeRecordsEvents.RecordsAsync), "WatchUpgradeRecords",
            "Server-Sent Events of every committed change of the records list; Last-Event-ID resumes after a position.");
        Events("/{id}/events", group.MapGet("/{id}/events", UpgradeRecordsEvents.RecordAsync), "WatchUpgradeRecord",
            "Server-Sent Events of every committed change of one record, with its View log panel; Last-Event-ID resumes after a position.");
        Read<RecordListPage>("/", group.MapGet("/", UpgradeRecordsHandlers.ListAsync), "ListUpgradeRecords",
            "The records list for the operator, filtered and sorted as the query asks (newest first by default), in keyset pages.")
            .AddOpenApiOperationTransformer(HistoryOpenApi.QueryParametersOptionalAsync);
        Read<ForceStopDeclaration>("/force-stop-declaration", group.MapGet("/force-stop-declaration", GovernanceHandlers.ForceStopDeclarationAsync),
            "GetForceStopDeclaration", "The declaration a force-stop's engineer accepts, in the request's language, with the version to send back.");
        Read<Dataphin.UpgradeKit.Storage.AuditTrailPage>("/audit", group.MapGet("/audit", HistoryHandlers.AuditAsync), "QueryAuditTrail",
            "The audit trail across records, newest first: who did what, when, on which record, applied or refused and why.")
            .AddOpenApiOperationTransformer(HistoryOpenApi.QueryParametersOptionalAsync);
        Report("/report", group.MapGet("/report", ReportHandlers.RecordsAsync), "DownloadUpgradeRecordsReport",
            "The records list as a CSV (format=csv, the default) or JSON Lines (format=jsonl) download, with the list's query parameters.");
        Report("/audit/report", group.MapGet("/audit/report", ReportHandlers.AuditAsync), "DownloadAuditTrailReport",
            "The audit trail as a CSV (format=csv, the default) or JSON Lines (format=jsonl) download, with the audit query's parameters.");
        Read<Dataphin.UpgradeKit.Insights.UpgradeInsights>("/insights", group.MapGet("/insights", HistoryHandlers.InsightsAsync), "GetUpgradeInsights",
            "Success and change-failure rates, time to recover, durations and maintenance overruns, overall, per mode and per target version.")
            .AddOpenApiOperationTransformer(HistoryOpenApi.QueryParametersOptionalAsync);
        Read<RecordListRow>("/{id}", group.MapGet("/{id}", UpgradeRecordsHandlers.GetRowAsync), "GetUpgradeRecord", "One row of the records list.");
        Read<IReadOnlyList<ActionView>>("/{id}/actions", group.MapGet("/{id}/actions", UpgradeRecordsHandlers.GetActionsAsync), "GetUpgradeRecordActions",
            "The row's actions: offered, or the reason they are not, with what a client needs to send each one.");
        // The actions of the Actions column, from the SDK's catalog: one handler for all of them; the catalog entry, as
        // endpoint metadata, tells it which action it serves. The body each reads stays typed (ActionInvokers).
        foreach (var entry in ActionCatalog.All)
        {
            var template = "/{id}/" + entry.Route;
            var mapped = group.MapMethods(template, [entry.Method], UpgradeRecordsHandlers.ActAsync).WithMetadata(entry)
                .Produces(StatusCodes.Status200OK, ActionInvokers.ResponseType(entry.Answer), "application/json")
                .WithName(entry.EndpointName).WithSummary(entry.Summary)
                .AddEndpointFilter(ActionAuthorization.Require(entry.Action));
            unmatched.Add(entry.Method, template);
            if (ActionInvokers.BodyType(entry.Body) is { } body)
            {
                Problems(mapped, ChangeProblems).Accepts(body, "application/json").AddEndpointFilter(UpgradeRecordsFilters.RequireJsonBodyAsync);
            }
            else
            {
                Problems(mapped, ReadProblems).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
            }
        }

        Change<EmptyBody, ConfigurationDownloadResponse>("/{id}/download", group.MapPost("/{id}/download", UpgradeRecordsHandlers.DownloadAsync), null,
            "DownloadConfiguration", "The configuration as an age-encrypted file with its one-time password; the answer must not be cached.");
        RetentionHandlers.Map(group, unmatched, ReadProblems, ChangeProblems);

        // A catch-all has the lowest precedence, so it answers only what no endpoint (the host's included) takes. It sits
        // in a group of its own: an unknown path is 404 whoever asks, and the filters above expect a caller. A plain
        // request delegate: it reads nothing but the context, so it needs no generated binding.
        endpoints.MapGroup(prefix).Map("/{**" + UnmatchedRoutes.CatchAllParameter + "}", context => unmatched.Answer(context).ExecuteAsync(context))
            .ExcludeFromDescription();
        return group;
    }

    private static RouteHandlerBuilder Problems(RouteHandlerBuilder builder, int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
