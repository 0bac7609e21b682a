using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.Operators;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// <see cref="UpgradeRecordsEndpointOptions.ActionPolicies"/>: who may take an action, as an ASP.NET Core authorization
/// policy. An action endpoint whose policy refuses the request answers 403 before the service is called. The policy for
/// force-stop also decides who is a qualified O&amp;M engineer in every answer (R-ACT-3): the caller's identity carries
/// the qualifying role exactly when the policy succeeds, so the rows, the View log panel and the streams offer Force-stop
/// to the people the endpoint then lets through (R-ACT-2).
/// </summary>
internal static class ActionAuthorization
{
    /// <summary>
    /// The identity the service sees for this request: <paramref name="actor"/>, with the role of the registered
    /// <see cref="RoleOperatorQualification"/> added or removed as the force-stop policy answers. Unchanged when no
    /// force-stop policy is set (the role the host's <c>IOperatorAccessor</c> gave then decides, as before).
    /// </summary>
    public static async ValueTask<OperatorIdentity> QualifyAsync(HttpContext context, OperatorIdentity actor, UpgradeRecordsEndpointOptions options)
    {
        if (!options.ActionPolicies.TryGetValue(UpgradeAction.ForceStop, out var policy))
        {
            return actor;
        }

        // MapUpgradeRecords refused a force-stop policy next to any other IOperatorQualification.
        var role = ((RoleOperatorQualification)context.RequestServices.GetRequiredService<IOperatorQualification>()).Role;
        var qualified = await IsAllowedAsync(context, policy).ConfigureAwait(false);
        if (qualified == actor.IsInRole(role))
        {
            return actor;
        }

        var roles = qualified ? actor.Roles.Append(role) : actor.Roles.Where(r => !string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
        return new OperatorIdentity(actor.Id, actor.DisplayName, roles);
    }

    /// <summary>The endpoint filter of an action's endpoint: 403 when the action's policy refuses the request.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Require(UpgradeAction action) => async (invocation, next) =>
    {
        var context = invocation.HttpContext;
        var options = UpgradeRecordsFilters.CallerOf(invocation).Options;
        if (options.ActionPolicies.TryGetValue(action, out var policy) && !await IsAllowedAsync(context, policy).ConfigureAwait(false))
        {
            return UpgradeProblems.Forbidden(action);
        }

        return await next(invocation).ConfigureAwait(false);
    };

    // The resource is the request, as the authorization middleware passes it for endpoint policies.
    private static async Task<bool> IsAllowedAsync(HttpContext context, string policy) =>
        (await context.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(context.User, context, policy).ConfigureAwait(false))
        .Succeeded;
}

