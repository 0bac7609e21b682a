using Dataphin.UpgradeKit.AspNetCore.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The endpoint filters every Upgrade Records endpoint runs through, outermost first: errors become problem details,
/// the caller must be resolved, and (state-changing endpoints only) the request must carry a bounded JSON body.
/// </summary>
internal static class UpgradeRecordsFilters
{
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
#pragma warning disable CA1031 // A started response cannot become a problem: log once and close the connection, so the client sees a cut answer.
        catch (Exception ex) when (invocation.HttpContext.Response.HasStarted)
#pragma warning restore CA1031
        {
            UpgradeProblems.FailedAfterStart(invocation.HttpContext, ex);
            invocation.HttpContext.Abort();
            return Results.Empty;
        }
#pragma warning disable CA1031 // Every failure must become a problem details body, never the server's default error page with a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return UpgradeProblems.From(ex, invocation.HttpContext);
        }
    }

    /// <summary>R-SM-7: no handler runs without an operator; an unknown display answers 400 before the handler too.</summary>
    public static ValueTask<object?> RequireCallerAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument is UpgradeCaller caller)
            {
                return caller.Problem(invocation.HttpContext) is { } problem ? ValueTask.FromResult<object?>(problem) : next(invocation);
            }
        }

        throw new InvalidOperationException("Every Upgrade Records handler takes an UpgradeCaller.");
    }

    /// <summary>
    /// R-SEC-5 and R-SEC-3: a state-changing endpoint runs only on <c>Content-Type: application/json</c>, which a
    /// cross-site form or a browser "simple request" cannot send without a CORS preflight (415 otherwise), and its body
    /// is bounded before anything buffers it (413 when the declared length is over the bound; a body that turns out
    /// longer while streaming fails the read with 413 too, see <see cref="UpgradeProblems.From"/>). With
    /// <see cref="UpgradeRecordsEndpointOptions.RequireSameOrigin"/> on, a request whose <c>Origin</c> is another site's is
    /// refused with 403.
    /// </summary>
    public static ValueTask<object?> RequireJsonBodyAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var request = context.Request;
        var options = CallerOf(invocation).Options;
        if (options.RequireSameOrigin && !SameOrigin.IsAllowed(request, options.TrustedOrigins))
        {
            return ValueTask.FromResult<object?>(UpgradeProblems.ForeignOrigin(request.Headers.Origin.ToString()));
        }

        if (!request.HasJsonContentType())
        {
            return ValueTask.FromResult<object?>(UpgradeProblems.UnsupportedMediaType(request.ContentType));
        }

        var limit = options.MaxRequestBodySize;
        if (request.ContentLength > limit)
        {
            return ValueTask.FromResult<object?>(UpgradeProblems.BodyTooLarge(limit));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bound)
        {
            bound.MaxRequestBodySize = limit; // a chunked body without a length stops at the bound while it is read
        }

        return next(invocation);
    }

    internal static UpgradeCaller CallerOf(EndpointFilterInvocationContext invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument is UpgradeCaller caller)
            {
                return caller;
            }
        }

        throw new InvalidOperationException("Every Upgrade Records handler takes an UpgradeCaller.");
    }
}
