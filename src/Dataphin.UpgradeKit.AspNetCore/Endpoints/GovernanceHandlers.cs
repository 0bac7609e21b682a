using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>The endpoints of governed actions that are not actions of a record (R-GOV-3: what a dialog shows).</summary>
internal static class GovernanceHandlers
{
    /// <summary>The force-stop declaration in the caller's language, to show in the dialog and name by version in the request.</summary>
    /// <remarks>A task like every other handler's answer, so the endpoints' declared types are checked one way.</remarks>
    public static Task<JsonHttpResult<ForceStopDeclaration>> ForceStopDeclarationAsync(UpgradeCaller caller) =>
        Task.FromResult(TypedResults.Json(caller.Commands.Texts.ForceStopDeclaration(caller.Display.Culture), EndpointJson.Info<ForceStopDeclaration>()));
}
