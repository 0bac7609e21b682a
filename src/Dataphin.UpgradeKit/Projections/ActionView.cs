
namespace Dataphin.UpgradeKit.Projections;

/// <summary>One action of a row's Actions column for the asking operator.</summary>
/// <param name="Action">The action's code.</param>
/// <param name="Name">The action's display name.</param>
/// <param name="Offered">True when the column offers it.</param>
/// <param name="Reason">Why not; <see cref="ActionReasonCode.None"/> when offered.</param>
/// <param name="Explanation">The reason as a sentence for a disabled button's tooltip; empty when offered.</param>
public sealed record ActionView(UpgradeAction Action, string Name, bool Offered, ActionReasonCode Reason, string Explanation)
{
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
