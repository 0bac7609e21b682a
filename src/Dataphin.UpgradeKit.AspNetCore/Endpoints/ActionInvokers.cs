using Dataphin.UpgradeKit.Governance;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Projections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// Every call the action endpoints make into the service, one per kind of request body (typed, read through the
/// source-generated <see cref="EndpointJson"/>), with the answer each returns. An action whose request carries at most
/// the expected version goes through the generic command (<see cref="Commands.UpgradeCommands.ActAsync"/>), so a new one needs
/// nothing here. The endpoints themselves are registered in a loop over the action catalog with one handler,
/// <see cref="UpgradeRecordsHandlers.ActAsync"/>.
/// </summary>
internal static class ActionInvokers
{
    // Changes are not cancelled when the client disconnects: the store applies them atomically either way, and an
    // operator who reloads must find the outcome the server reached, not a change abandoned half-way through a call.
    // Reads (View log) are cancelled with the request.
#pragma warning disable CS8524 // Undefined body kinds never reach here: the endpoints are mapped from the catalog's entries.
    public static Task<IResult> InvokeAsync(ActionEntry entry, UpgradeCaller caller, UpgradeRecordId id, HttpContext context) => entry.Body switch
    {
        ActionBody.None => ReadAsync(entry, caller, id, context.RequestAborted),
        ActionBody.Empty or ActionBody.Version or ActionBody.Reason => ActAsync(entry, caller, id, context.Request),
        ActionBody.Cancel => CancelAsync(caller, id, context.Request),
        ActionBody.Stop => StopAsync(caller, id, context.Request),
        ActionBody.ForceStop => ForceStopAsync(caller, id, context.Request),
        ActionBody.ForceStopRequest => RequestForceStopAsync(caller, id, context.Request),
    };

    /// <summary>The type of the request body an action reads, for the OpenAPI description; null for a GET.</summary>
    public static Type? BodyType(ActionBody body) => body switch
    {
        ActionBody.None => null,
        ActionBody.Empty => typeof(EmptyBody),
        ActionBody.Version => typeof(VersionBody),
        ActionBody.Stop => typeof(StopBody),
        ActionBody.ForceStop or ActionBody.ForceStopRequest => typeof(ForceStopBody),
        ActionBody.Cancel => typeof(CancelBody),
        ActionBody.Reason => typeof(ReasonBody),
    };

    /// <summary>The type of an action's answer, for the OpenAPI description.</summary>
    public static Type ResponseType(ActionAnswer answer) => answer switch
    {
        ActionAnswer.Row => typeof(RecordListRow),
        ActionAnswer.RemovedOrRow => typeof(CancelResponse),
        ActionAnswer.ResumePoint => typeof(ResumePoint),
        ActionAnswer.LogPanel => typeof(ViewLogPanel),
    };
#pragma warning restore CS8524

    private static async Task<IResult> StopAsync(UpgradeCaller caller, UpgradeRecordId id, HttpRequest request)
    {
        var body = await JsonBody.ReadAsync<StopBody>(request).ConfigureAwait(false);
        var stopped = await caller.Commands.StopAsync(id, caller.Actor, new StopOptions(body.RerunForceStoppedInstances) { Reason = ReasonOf(body.Reason) },
            body.ExpectedVersion).ConfigureAwait(false);
        // The row as the list shows it (with its pin); not the request's token: the stop is committed.
        return Json(await caller.RowAsync(stopped, CancellationToken.None).ConfigureAwait(false));
    }

    private static async Task<IResult> ForceStopAsync(UpgradeCaller caller, UpgradeRecordId id, HttpRequest request)
    {
        var body = await JsonBody.ReadAsync<ForceStopBody>(request).ConfigureAwait(false);
        var forceStop = new ForceStopRequest(body.Result, body.DeclarationAccepted)
        {
            Reason = ReasonOf(body.Reason),
            Declaration = DeclarationOf(caller, body.DeclarationVersion),
        };
        var stopped = await caller.Commands.ForceStopAsync(id, caller.Actor, forceStop, body.ExpectedVersion).ConfigureAwait(false);
        return Json(await caller.RowAsync(stopped, CancellationToken.None).ConfigureAwait(false));
    }

    // R-GOV-2: the request carries what a force-stop would (the same body), and waits for a second engineer's decision.
    // R-GOV-3: a request keeps the declaration word for word; a client that names no version accepted the one this server
    // shows in its language now.
    private static async Task<IResult> RequestForceStopAsync(UpgradeCaller caller, UpgradeRecordId id, HttpRequest request)
    {
        var body = await JsonBody.ReadAsync<ForceStopBody>(request).ConfigureAwait(false);
        var forceStop = new ForceStopRequest(body.Result, body.DeclarationAccepted)
        {
            Reason = ReasonOf(body.Reason),
            Declaration = DeclarationOf(caller, body.DeclarationVersion)
                ?? (body.DeclarationAccepted ? caller.Commands.Texts.ForceStopDeclaration(caller.Display.Culture) : null),
        };
        await new ForceStopApprovals(caller.Commands).RequestAsync(id, caller.Actor, forceStop, body.ExpectedVersion).ConfigureAwait(false);
        return Json(await caller.RowAsync(await caller.Queries.GetAsync(id).ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false));
    }

    private static async Task<IResult> CancelAsync(UpgradeCaller caller, UpgradeRecordId id, HttpRequest request)
    {
        var body = await JsonBody.ReadAsync<CancelBody>(request).ConfigureAwait(false);
        var outcome = await caller.Commands.CancelAsync(id, caller.Actor, new CancelOptions { Reason = ReasonOf(body.Reason) }, body.ExpectedVersion)
            .ConfigureAwait(false);
        return Json(new CancelResponse(outcome.Removed, outcome.Record is { } record ? await caller.RowAsync(record, CancellationToken.None).ConfigureAwait(false) : null));
    }

    // The generic command: {}, { "expectedVersion": 7 } or { "reason": "…", "expectedVersion": 7 }, answered as the
    // catalog entry says.
    private static async Task<IResult> ActAsync(ActionEntry entry, UpgradeCaller caller, UpgradeRecordId id, HttpRequest request)
    {
        long? expectedVersion = null;
        OperatorReason? reason = null;
        if (entry.Body == ActionBody.Reason)
        {
            var body = await JsonBody.ReadAsync<ReasonBody>(request).ConfigureAwait(false);
            (expectedVersion, reason) = (body.ExpectedVersion, ReasonOf(body.Reason));
        }
        else if (entry.Body == ActionBody.Version)
        {
            expectedVersion = (await JsonBody.ReadAsync<VersionBody>(request).ConfigureAwait(false)).ExpectedVersion;
        }
        else
        {
            await JsonBody.ReadAsync<EmptyBody>(request).ConfigureAwait(false);
        }

        var record = await caller.Commands.ActAsync(entry.Action, id, caller.Actor, expectedVersion, reason).ConfigureAwait(false);
#pragma warning disable CS8524 // The catalog's entries name defined answers.
        return entry.Answer switch
        {
            ActionAnswer.Row => Json(await caller.RowAsync(record, CancellationToken.None).ConfigureAwait(false)),
            ActionAnswer.ResumePoint => Json(ResumePoint.Of(record)),
            ActionAnswer.RemovedOrRow or ActionAnswer.LogPanel => throw new InvalidOperationException($"The action {entry.Action} cannot answer {entry.Answer}."),
        };
#pragma warning restore CS8524
    }

    // The one read: the View log panel.
    private static async Task<IResult> ReadAsync(ActionEntry entry, UpgradeCaller caller, UpgradeRecordId id, CancellationToken cancellationToken) =>
        entry.Answer == ActionAnswer.LogPanel
            ? Json(await caller.Queries.ViewLogAsync(id, caller.Actor, caller.Display, cancellationToken).ConfigureAwait(false))
            : throw new InvalidOperationException($"The read {entry.Action} has no handler.");

    // An absent or empty reason is "none given" (refused where the host requires one, with the reason code saying so);
    // anything else must be a valid reason.
    private static OperatorReason? ReasonOf(string? text) => string.IsNullOrEmpty(text) ? null : OperatorReason.Parse(text);

    // R-GOV-3: the text recorded is the one this server shows in the caller's language for the version the dialog named.
    private static ForceStopDeclaration? DeclarationOf(UpgradeCaller caller, string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return null;
        }

        var current = caller.Commands.Texts.ForceStopDeclaration(caller.Display.Culture);
        return string.Equals(current.Version, version, StringComparison.Ordinal)
            ? current
            : throw new ArgumentException("The declaration changed since the dialog was shown. Reload the page and read the current declaration.");
    }

    private static JsonHttpResult<T> Json<T>(T value) => TypedResults.Json(value, EndpointJson.Info<T>());
}
