namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// Options of the Upgrade Records endpoints: the display defaults used when a request names no <c>culture</c> or
/// <c>timeZone</c> query parameter, the bound on request bodies and the optional
/// same-origin check for hosts that authenticate with cookies. Configure with
/// <c>services.Configure&lt;UpgradeRecordsEndpointOptions&gt;(o =&gt; ...)</c>; the endpoints read them on every
/// request, so they are not changed while requests run.
/// </summary>
public sealed class UpgradeRecordsEndpointOptions
{
    /// <summary>The largest body the endpoints allow, in bytes.</summary>
    public const long DefaultMaxRequestBodySize = 16 * 1024;

    /// <summary>The IANA (tzdb) id of the zone times are shown in.</summary>
    /// <value>The default value is <c>UTC</c>.</value>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>The culture of display names and sentences (<c>en</c> and <c>zh-CN</c> ship).</summary>
    /// <value>The default value is <c>en</c>.</value>
    public string DefaultCulture { get; set; } = "en";

    /// <summary>The page size of the list when the request names none.</summary>
    /// <value>The default value is 20.</value>
    public int DefaultPageSize { get; set; } = 20;

    /// <summary>
    /// The largest request body a state-changing endpoint accepts, in bytes. A request that declares more is
    /// answered 413 before its body is read; one that streams more fails with 413 when the bound is crossed. The bodies
    /// the endpoints take are a few dozen bytes.
    /// </summary>
    /// <value>The default value is <see cref="DefaultMaxRequestBodySize"/> (16 KiB).</value>
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>
    /// When true, a state-changing request that carries an <c>Origin</c> header naming another origin than the request's
    /// own (scheme, host and port) or one of <see cref="TrustedOrigins"/> is refused with 403. The JSON content type the
    /// endpoints require already keeps cross-site forms and "simple requests" out; turn this on as a second line when the
    /// host authenticates operators with cookies. Behind a TLS-terminating proxy, apply the forwarded headers
    /// (<c>UseForwardedHeaders</c>) first so the request's own origin is the one the browser sees.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool RequireSameOrigin { get; set; }

    /// <summary>
    /// Further origins allowed by <see cref="RequireSameOrigin"/>, written as a browser sends them
    /// (<c>https://console.example.com</c>, no path, no trailing slash; compared case-insensitively).
    /// </summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> TrustedOrigins { get; } = new List<string>();

    /// <summary>
    /// How long a Server-Sent Events stream (<c>GET {prefix}/events</c>, <c>GET {prefix}/{id}/events</c>) stays silent
    /// before it sends a comment line, so that proxies and browsers keep an idle connection open and a dead one is noticed.
    /// From 1 second to 5 minutes.
    /// </summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan EventsHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The ASP.NET Core authorization policy, by name, that an operator must satisfy to take an action through its
    /// endpoint (<c>POST {prefix}/{id}/force-stop</c> for <see cref="UpgradeAction.ForceStop"/>, <c>GET {prefix}/{id}/log</c>
    /// for <see cref="UpgradeAction.ViewLog"/>, and so on). The policy is evaluated with the request's user and the
    /// request's <see cref="Microsoft.AspNetCore.Http.HttpContext"/> as the resource; when it fails, the endpoint answers
    /// 403 with a problem details body and changes nothing. Register the policies with <c>AddAuthorization</c>.
    /// <para>
    /// The policy for <see cref="UpgradeAction.ForceStop"/> also decides who is a qualified O&amp;M engineer in every
    /// answer, so the rows, the View log panel and the event streams offer Force-stop exactly to those the endpoint lets
    /// through. It needs the SDK's default qualification check (<c>RoleOperatorQualification</c>), not a host's own
    /// <c>IOperatorQualification</c>. Without a policy for force-stop, the role named by <c>UpgradeKitOptions.QualifiedOperatorRole</c>
    /// decides, and an operator without it is answered 403 too.
    /// </para>
    /// <para>Other actions are offered by the record's status alone; their policies are checked by their endpoints.</para>
    /// </summary>
    /// <value>The default value is an empty map: no policy beyond the operator the host's accessor names.</value>
    public IDictionary<UpgradeAction, string> ActionPolicies { get; } = new Dictionary<UpgradeAction, string>();
}
