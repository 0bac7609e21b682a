using System.Globalization;
using System.Text.Json;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Projections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.AspNetCore.Problems;

/// <summary>Turns the SDK's typed errors into RFC 7807 problem details; never a stack trace.</summary>
internal static partial class UpgradeProblems
{
    public static IResult From(Exception exception, HttpContext context) => exception switch
    {
        // R-ACT-3: a permission, not a state: 403 like a refused authorization policy, so a client treats both alike.
        OperationNotPermittedException { Reason: ActionReasonCode.OperatorNotQualified } refused => Problem(StatusCodes.Status403Forbidden,
            UpgradeProblemTypes.Forbidden, "You may not take this action.", refused.Explanation, new Dictionary<string, object?>
            {
                ["reasonCode"] = JsonNamingPolicy.CamelCase.ConvertName(refused.Reason.ToString()),
                ["explanation"] = refused.Explanation,
                ["recordId"] = refused.RecordId.ToString(),
                ["recordStatus"] = JsonNamingPolicy.CamelCase.ConvertName(refused.Status.ToString()),
                ["operation"] = JsonNamingPolicy.CamelCase.ConvertName(refused.Operation.ToString()),
            }),
        OperationNotPermittedException refused => Problem(StatusCodes.Status409Conflict, UpgradeProblemTypes.OperationNotPermitted,
            "The action is not permitted.", refused.Explanation, new Dictionary<string, object?>
            {
                ["reasonCode"] = JsonNamingPolicy.CamelCase.ConvertName(refused.Reason.ToString()),
                ["explanation"] = refused.Explanation,
                ["recordId"] = refused.RecordId.ToString(),
                ["recordStatus"] = JsonNamingPolicy.CamelCase.ConvertName(refused.Status.ToString()),
                ["operation"] = JsonNamingPolicy.CamelCase.ConvertName(refused.Operation.ToString()),
            }),
        ConcurrencyConflictException conflict => Problem(StatusCodes.Status409Conflict, UpgradeProblemTypes.Conflict,
            "The upgrade record changed.",
            "Someone else changed this upgrade record since you loaded it. Reload the list and try again.", new Dictionary<string, object?>
            {
                ["recordId"] = conflict.RecordId.ToString(),
                ["expectedVersion"] = conflict.ExpectedVersion,
                ["actualVersion"] = conflict.ActualVersion,
            }),
        UpgradeRecordNotFoundException missing => Problem(StatusCodes.Status404NotFound, UpgradeProblemTypes.NotFound,
            "No such upgrade record.", missing.Message, new Dictionary<string, object?> { ["recordId"] = missing.RecordId.ToString() }),
        WatchPositionTrimmedException trimmed => Problem(StatusCodes.Status410Gone, UpgradeProblemTypes.WatchPositionTrimmed,
            "The changes after this position are gone.", trimmed.Message, new Dictionary<string, object?>
            {
                ["afterPosition"] = trimmed.AfterPosition,
                ["oldestPosition"] = trimmed.OldestPosition,
            }),
        UpgradeStoreException => Unexpected(context, exception, StatusCodes.Status503ServiceUnavailable, UpgradeProblemTypes.StoreUnavailable,
            "The upgrade store is unavailable.", "The upgrade records cannot be read or changed right now. Try again later."),
        // Kestrel's own refusals while the body is read: 413 past MaxRequestBodySize, 400 for a malformed or cut body.
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problem(StatusCodes.Status413PayloadTooLarge,
            UpgradeProblemTypes.PayloadTooLarge, "The request body is too large.", "The request body is larger than the endpoints accept.", null),
        BadHttpRequestException => Problem(StatusCodes.Status400BadRequest, UpgradeProblemTypes.InvalidRequest,
            "The request is invalid.", "The request body could not be read.", null),
        InvalidWatchPositionException position => Problem(StatusCodes.Status400BadRequest, UpgradeProblemTypes.InvalidRequest,
            "The event position is invalid.", position.Message, new Dictionary<string, object?>
            {
                ["parameter"] = position.Parameter,
                ["minimum"] = InvalidWatchPositionException.Minimum,
                ["maximum"] = InvalidWatchPositionException.Maximum,
            }),
        // The message describes the problem without repeating the text, so a hostile reason is not reflected.
        InvalidOperatorReasonException invalid => Problem(StatusCodes.Status400BadRequest, UpgradeProblemTypes.InvalidRequest,
            "The reason is invalid.", invalid.Message, new Dictionary<string, object?>
            {
                ["reasonProblem"] = JsonNamingPolicy.CamelCase.ConvertName(invalid.Problem.ToString()),
                ["maxReasonLength"] = OperatorReason.MaxLength,
            }),
        ArgumentException or FormatException => Problem(StatusCodes.Status400BadRequest, UpgradeProblemTypes.InvalidRequest,
            "The request is invalid.", exception.Message, null),
        _ => Unexpected(context, exception, StatusCodes.Status500InternalServerError, UpgradeProblemTypes.Unexpected,
            "Something went wrong.", "The request could not be completed. The error was logged on the server."),
    };

    public static ProblemHttpResult Unauthenticated() => Problem(StatusCodes.Status401Unauthorized, UpgradeProblemTypes.Unauthenticated,
        "No operator.", "The request does not name a signed-in operator.", null);

    /// <summary>An action's authorization policy refused the request (R-ACT-3 for force-stop).</summary>
    public static ProblemHttpResult Forbidden(UpgradeAction action)
    {
        var extensions = new Dictionary<string, object?> { ["operation"] = JsonNamingPolicy.CamelCase.ConvertName(action.ToOperation().ToString()) };
        if (action == UpgradeAction.ForceStop)
        {
            extensions["reasonCode"] = JsonNamingPolicy.CamelCase.ConvertName(nameof(ActionReasonCode.OperatorNotQualified));
        }

        return Problem(StatusCodes.Status403Forbidden, UpgradeProblemTypes.Forbidden, "You may not take this action.",
            action == UpgradeAction.ForceStop
                ? "Only a qualified O&M engineer may force-stop an upgrade."
                : $"Your permissions do not include the action {JsonNamingPolicy.CamelCase.ConvertName(action.ToString())}.", extensions);
    }

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) => Problem(StatusCodes.Status415UnsupportedMediaType,
        UpgradeProblemTypes.UnsupportedMediaType, "The request body must be JSON.",
        (string.IsNullOrEmpty(contentType) ? "The request has no Content-Type." : $"The request's Content-Type is '{Shorten(contentType)}'.")
        + " Send a JSON object with Content-Type: application/json ({} when the action takes no options).", null);

    public static ProblemHttpResult BodyTooLarge(long limit) => Problem(StatusCodes.Status413PayloadTooLarge, UpgradeProblemTypes.PayloadTooLarge,
        "The request body is too large.", string.Create(CultureInfo.InvariantCulture, $"The request body may have at most {limit} bytes."),
        new Dictionary<string, object?> { ["maxBodySize"] = limit });

    public static ProblemHttpResult ForeignOrigin(string origin) => Problem(StatusCodes.Status403Forbidden, UpgradeProblemTypes.ForeignOrigin,
        "The request came from another site.", $"Requests from the origin '{Shorten(origin)}' may not change upgrade records.", null);

    public static ProblemHttpResult UnknownRoute() => Problem(StatusCodes.Status404NotFound, UpgradeProblemTypes.UnknownRoute,
        "No such endpoint.", "No Upgrade Records endpoint has this path.", null);

    public static ProblemHttpResult MethodNotAllowed(string method, IEnumerable<string> allowed) => Problem(StatusCodes.Status405MethodNotAllowed,
        UpgradeProblemTypes.MethodNotAllowed, "Method not allowed.",
        $"This endpoint does not take {Shorten(method)}; it takes {string.Join(", ", allowed)}.", null);

    // Echoed request text stays short: a problem body must not become a way to reflect large input.
    private static string Shorten(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");

    private static ProblemHttpResult Unexpected(HttpContext context, Exception exception, int status, string type, string title, string detail)
    {
        var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Dataphin.UpgradeKit.AspNetCore");
        if (logger is not null)
        {
            LogUnexpected(logger, exception, context.Request.Method, context.Request.Path.Value ?? string.Empty, status);
        }

        return Problem(status, type, title, detail, null);
    }

    /// <summary>Logs a failure that came after the response started, when no problem can be answered any more.</summary>
    public static void FailedAfterStart(HttpContext context, Exception exception)
    {
        if (context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Dataphin.UpgradeKit.AspNetCore") is { } logger)
        {
            LogFailedAfterStart(logger, exception, context.Request.Method, context.Request.Path.Value ?? string.Empty);
        }
    }

    private static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return TypedResults.Problem(problem);
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "Upgrade records request {Method} {Path} failed; answered {StatusCode}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path, int statusCode);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error,
        Message = "Upgrade records request {Method} {Path} failed after its response started; the connection was closed")]
    private static partial void LogFailedAfterStart(ILogger logger, Exception exception, string method, string path);
}
