using Dataphin.UpgradeKit.Lifecycle;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>One action of a row's Actions column for the asking operator.</summary>
public sealed record ActionView
{
    /// <summary>The action's code.</summary>
    public required UpgradeAction Action { get; init; }

    /// <summary>The action's display name.</summary>
    public required string Name { get; init; }

    /// <summary>True when the column offers it.</summary>
    public required bool Offered { get; init; }

    /// <summary>Why not; <see cref="ActionReasonCode.None"/> when offered.</summary>
    public required ActionReasonCode Reason { get; init; }

    /// <summary>The reason as a sentence for a disabled button's tooltip; empty when offered.</summary>
    public required string Explanation { get; init; }

    /// <summary>
    /// True when the action's request carries the operator's reason (<c>reason</c>, 1 to 500 characters on one line):
    /// Stop, Force-stop and Cancel.
    /// </summary>
    public bool TakesReason => ActionCatalog.Of(Action).TakesReason;

    /// <summary>True when the host requires that reason: a request without one is refused.</summary>
    public bool ReasonRequired { get; init; }

    /// <summary>The HTTP method of the action's request under the records route: <c>GET</c> for View log, <c>POST</c> for the others.</summary>
    public string Method => ActionCatalog.Of(Action).Method;

    /// <summary>The action's path segment after the record's id, e.g. <c>force-stop</c> for <c>POST {prefix}/{id}/force-stop</c>.</summary>
    public string Path => ActionCatalog.Of(Action).Route;

    /// <summary>
    /// The dialog that collects the request's options before it is sent: <c>stop</c> (rerun the force-stopped instances)
    /// or <c>force-stop</c> (declaration and result); null when the action is sent at once.
    /// </summary>
    public string? Dialog => ActionCatalog.Of(Action).Dialog;

    /// <summary>True when the request carries <c>expectedVersion</c>, the record version the operator saw, so a stale click is refused.</summary>
    public bool SendsVersion => ActionCatalog.Of(Action).SendsVersion;

    /// <summary>
    /// What the action answers: <c>row</c> (the record's new row), <c>removedOrRow</c> (<c>{removed, row}</c>),
    /// <c>resumePoint</c> (where to continue) or <c>logPanel</c> (the View log panel).
    /// </summary>
    public string Answer => ActionCatalog.Of(Action).Answer switch
    {
        ActionAnswer.Row => "row",
        ActionAnswer.RemovedOrRow => "removedOrRow",
        ActionAnswer.ResumePoint => "resumePoint",
        ActionAnswer.LogPanel => "logPanel",
        var unknown => throw new InvalidOperationException($"Unknown action answer {unknown}."),
    };
}
