namespace Dataphin.UpgradeKit.AspNetCore.Problems;

/// <summary>
/// The <c>type</c> URIs of the RFC 7807 problem details the endpoints answer with, so a client can tell a refusal from
/// a conflict without parsing sentences. Every problem also carries <c>title</c>, <c>status</c> and <c>detail</c>; none
/// carries a stack trace.
/// </summary>
public static class UpgradeProblemTypes
{
    /// <summary>
    /// 409: the record's status or the action's options refused the action; a refusal because the
    /// operator may not take it is <see cref="Forbidden"/> (403). Extensions: <c>reasonCode</c> (the
    /// camelCase <c>ActionReasonCode</c>, e.g. <c>declarationRequired</c>), <c>explanation</c> (the sentence to show),
    /// <c>recordId</c>, <c>recordStatus</c>, <c>operation</c>.
    /// </summary>
    public const string OperationNotPermitted = "urn:dataphin:upgradekit:problem:operation-not-permitted";

    /// <summary>
    /// 403: the operator may not take this action. Either the authorization policy the host set for it
    /// (<c>UpgradeRecordsEndpointOptions.ActionPolicies</c>) refused, or the action is a force-stop and the operator is not
    /// a qualified O&amp;M engineer. Nothing was changed. Extensions: <c>operation</c> (the camelCase action, e.g.
    /// <c>forceStop</c>); for a force-stop also <c>reasonCode</c> (<c>operatorNotQualified</c>); when the service refused,
    /// also <c>explanation</c>, <c>recordId</c> and <c>recordStatus</c>.
    /// </summary>
    public const string Forbidden = "urn:dataphin:upgradekit:problem:forbidden";

    /// <summary>
    /// 409: the record changed since the version the client acted on, or another operator won the race.
    /// Extensions: <c>recordId</c>, <c>expectedVersion</c>, <c>actualVersion</c>.
    /// </summary>
    public const string Conflict = "urn:dataphin:upgradekit:problem:conflict";

    /// <summary>404: no record has the id. Extension: <c>recordId</c>.</summary>
    public const string NotFound = "urn:dataphin:upgradekit:problem:not-found";

    /// <summary>
    /// 400: the request is malformed (an unparsable id, status, culture, time zone, page size, token or body). When an
    /// event stream's position (<c>Last-Event-ID</c> or <c>lastEventId</c>) is the problem, the extensions
    /// <c>parameter</c>, <c>minimum</c> and <c>maximum</c> name it and the range it must be in.
    /// </summary>
    public const string InvalidRequest = "urn:dataphin:upgradekit:problem:invalid-request";

    /// <summary>401: the host's <c>IOperatorAccessor</c> found no operator behind the request.</summary>
    public const string Unauthenticated = "urn:dataphin:upgradekit:problem:unauthenticated";

    /// <summary>
    /// 415: a state-changing endpoint was called without <c>Content-Type: application/json</c>: a form, a
    /// <c>text/plain</c> body or no body at all, as a cross-site page could send. Nothing was changed.
    /// </summary>
    public const string UnsupportedMediaType = "urn:dataphin:upgradekit:problem:unsupported-media-type";

    /// <summary>413: the request body is larger than <c>UpgradeRecordsEndpointOptions.MaxRequestBodySize</c>. Extension: <c>maxBodySize</c>.</summary>
    public const string PayloadTooLarge = "urn:dataphin:upgradekit:problem:payload-too-large";

    /// <summary>403: <c>UpgradeRecordsEndpointOptions.RequireSameOrigin</c> is on and the request came from another site's page.</summary>
    public const string ForeignOrigin = "urn:dataphin:upgradekit:problem:foreign-origin";

    /// <summary>404: no endpoint has this path under the prefix (a record that does not exist is <see cref="NotFound"/>).</summary>
    public const string UnknownRoute = "urn:dataphin:upgradekit:problem:unknown-route";

    /// <summary>405: the path exists under the prefix, but not for this method. The <c>Allow</c> header lists the methods it takes.</summary>
    public const string MethodNotAllowed = "urn:dataphin:upgradekit:problem:method-not-allowed";

    /// <summary>
    /// 410: an event stream was to resume after a position (<c>Last-Event-ID</c>) whose following changes were trimmed from
    /// the store's change feed. Open a new stream without it and load the current state again. Extensions:
    /// <c>afterPosition</c>, <c>oldestPosition</c>.
    /// </summary>
    public const string WatchPositionTrimmed = "urn:dataphin:upgradekit:problem:watch-position-trimmed";

    /// <summary>503: the upgrade store failed or could not be reached.</summary>
    public const string StoreUnavailable = "urn:dataphin:upgradekit:problem:store-unavailable";

    /// <summary>500: anything else; the detail says nothing about the server's internals (the exception is logged).</summary>
    public const string Unexpected = "urn:dataphin:upgradekit:problem:unexpected";
}
