using Dataphin.UpgradeKit.AspNetCore.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// R-SEC-5: the answer for a path under the prefix that no Upgrade Records endpoint takes, as a problem details body
/// instead of routing's empty 404 or 405. It is mapped as a catch-all of the group with the lowest precedence, so every
/// endpoint the host maps under the same prefix still wins. A path that exists for this very method arrives here only
/// because routing's content-type matching (the endpoints declare <c>application/json</c> bodies) set the endpoint aside:
/// that is 415. A path that exists for another method is 405 with an <c>Allow</c> header; anything else 404.
/// </summary>
internal sealed class UnmatchedRoutes
{
    public const string CatchAllParameter = "unmatchedPath";

    private readonly List<(string Method, TemplateMatcher Matcher)> _routes = [];

    /// <summary>Remembers a route of the group, with its template relative to the prefix (e.g. <c>/{id}/stop</c>).</summary>
    public void Add(string method, string template) =>
        _routes.Add((method, new TemplateMatcher(TemplateParser.Parse(template.TrimStart('/')), new RouteValueDictionary())));

    public ProblemHttpResult Answer(HttpContext context)
    {
        var path = new PathString("/" + (context.Request.RouteValues[CatchAllParameter] as string ?? string.Empty).Trim('/'));
        var allowed = _routes.Where(r => r.Matcher.TryMatch(path, new RouteValueDictionary())).Select(r => r.Method).Distinct().ToList();
        if (allowed.Count == 0)
        {
            return UpgradeProblems.UnknownRoute();
        }

        if (allowed.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            return UpgradeProblems.UnsupportedMediaType(context.Request.ContentType);
        }

        context.Response.Headers.Allow = string.Join(", ", allowed);
        return UpgradeProblems.MethodNotAllowed(context.Request.Method, allowed);
    }
}
