using Microsoft.AspNetCore.Http;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>The <see cref="UpgradeRecordsEndpointOptions.RequireSameOrigin"/> check (R-SEC-5).</summary>
internal static class SameOrigin
{
    /// <summary>
    /// True when the request has no <c>Origin</c> (not sent by a browser's cross-site fetch: a same-origin GET, a
    /// server-to-server client), or when it names the request's own origin or a trusted one. A browser sends
    /// <c>Origin</c> on every cross-origin request and on same-origin POSTs, so another site's page cannot omit it.
    /// </summary>
    public static bool IsAllowed(HttpRequest request, IEnumerable<string> trusted)
    {
        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            return true;
        }

        if (origin.Count > 1)
        {
            return false;
        }

        var value = origin.ToString();
        var own = request.Scheme + "://" + request.Host.Value;
        return string.Equals(value, own, StringComparison.OrdinalIgnoreCase)
            || trusted.Any(t => string.Equals(value, t.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
