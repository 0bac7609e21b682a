namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What an action's request carries.</summary>
internal enum ActionBody
{
    /// <summary>No body: the action is a read (GET).</summary>
    None,

    /// <summary><c>{}</c>: a JSON object with no options.</summary>
    Empty,

    /// <summary><c>{ "expectedVersion": 7 }</c>, or <c>{}</c>.</summary>
    Version,

    /// <summary>The Stop dialog's options and the expected version.</summary>
    Stop,

    /// <summary>The Force-stop dialog's declaration, result and the expected version.</summary>
    ForceStop,

    /// <summary>The Cancel dialog's reason and the expected version.</summary>
    Cancel,

    /// <summary><c>{ "reason": "…", "expectedVersion": 7 }</c>, either part optional: served by the generic command.</summary>
    Reason,

    /// <summary>
    /// The Force-stop dialog's declaration, result, reason and the expected version, recorded as a request that a second
    /// engineer approves.
    /// </summary>
    ForceStopRequest,
}

/// <summary>What an action answers.</summary>
internal enum ActionAnswer
{
    /// <summary>The record's new row.</summary>
    Row,

    /// <summary>Whether the record was removed, else its row.</summary>
    RemovedOrRow,

    /// <summary>Where to continue.</summary>
    ResumePoint,

    /// <summary>The View log panel.</summary>
    LogPanel,
}

/// <summary>
/// One action of the Actions column as the API and the page know it: written in its operation's entry of
/// <see cref="OperationCatalog"/>, listed by action in <see cref="ActionCatalog"/>.
/// </summary>
/// <param name="Action">The action.</param>
/// <param name="Operation">The lifecycle operation it fires.</param>
/// <param name="Route">Its path segment after the record id, e.g. <c>force-stop</c>.</param>
/// <param name="Body">What its request carries; <see cref="ActionBody.None"/> for a GET.</param>
/// <param name="Answer">What it answers.</param>
/// <param name="EndpointName">The endpoint's name (the OpenAPI operation id).</param>
/// <param name="Summary">The endpoint's OpenAPI summary, in words for the API's users.</param>
internal sealed record ActionEntry(UpgradeAction Action, UpgradeOperation Operation, string Route, ActionBody Body, ActionAnswer Answer,
    string EndpointName, string Summary)
{
    /// <summary>The HTTP method: GET for a read, POST for anything that is audited as a request to act.</summary>
    public string Method => Body == ActionBody.None ? "GET" : "POST";

    /// <summary>True when the request carries the version the operator saw.</summary>
    public bool SendsVersion => Body is ActionBody.Version or ActionBody.Stop or ActionBody.ForceStop or ActionBody.Cancel or ActionBody.Reason
        or ActionBody.ForceStopRequest;

    /// <summary>The page's dialog that collects the body before the request is sent, or null when the button acts at once.</summary>
    public string? Dialog => Body switch
    {
        ActionBody.Stop => "stop",
        // A request collects what a force-stop does (declaration, result, reason): the same dialog, sent to its own route.
        ActionBody.ForceStop or ActionBody.ForceStopRequest => "force-stop",
        // Cancel asks nothing unless the host requires a reason (ActionView.ReasonRequired): the page then asks for it.
        ActionBody.None or ActionBody.Empty or ActionBody.Version or ActionBody.Cancel or ActionBody.Reason => null,
        _ => throw new InvalidOperationException($"Unknown action body {Body}."),
    };

    /// <summary>
    /// True when the action is a change whose request carries at most the expected version and the operator's reason:
    /// the generic command (<c>UpgradeCommands.ActAsync</c>) and the generic endpoint serve it without code of its own.
    /// </summary>
    public bool IsGeneric => Body is ActionBody.Empty or ActionBody.Version or ActionBody.Reason;

    /// <summary>True when the request carries the operator's reason.</summary>
    public bool TakesReason => Body is ActionBody.Stop or ActionBody.ForceStop or ActionBody.Cancel or ActionBody.Reason or ActionBody.ForceStopRequest;

    /// <summary>The display text's name of the action.</summary>
    public string NameKey => "Action_" + Action;

    /// <summary>The display text's name of the sentence for a status that does not allow it.</summary>
    public string StatusReasonKey => "Reason_StatusNotEligible_" + Action;
}

/// <summary>
/// The actions of the Actions column, one entry each: the operation it fires, its route, body, answer and texts. The
/// entries are written beside their operations in <see cref="OperationCatalog"/> (one place per operation: effect,
/// notification, audit options and, for the Actions column's, the action); this is the view of them by action, from which
/// the action/operation correspondence (<see cref="UpgradeActions"/>), the endpoints, the OpenAPI description, the
/// page's buttons and the reason texts derive. Immutable; thread-safe.
/// </summary>
internal static class ActionCatalog
{
    /// <summary>Every entry, in column order (the ascending order of the actions' values).</summary>
    public static IReadOnlyList<ActionEntry> All { get; } = Array.AsReadOnly(Build());

    private static ActionEntry[] Build()
    {
        var sorted = OperationCatalog.All.Select(e => e.Action).OfType<ActionEntry>().OrderBy(e => e.Action).ToArray();

        // One entry per action, written in the entry of the operation it fires: an action without an entry, on two
        // operations, or naming another operation than its entry's fails when the catalog loads.
        if (!sorted.Select(e => e.Action).SequenceEqual(Enum.GetValues<UpgradeAction>())
            || OperationCatalog.All.Any(e => e.Action is { } action && action.Operation != e.Operation))
        {
            throw new InvalidOperationException("The operation catalog needs exactly one operation per action of the Actions column.");
        }

        return sorted;
    }

    /// <summary>The entry of <paramref name="action"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not defined.</exception>
    public static ActionEntry Of(UpgradeAction action)
    {
        foreach (var entry in All)
        {
            if (entry.Action == action)
            {
                return entry;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action.");
    }

    /// <summary>The entry of the action that fires <paramref name="operation"/>, or null when no action does.</summary>
    public static ActionEntry? ForOperation(UpgradeOperation operation) =>
        Enum.IsDefined(operation) ? OperationCatalog.Of(operation).Action : null;
}
