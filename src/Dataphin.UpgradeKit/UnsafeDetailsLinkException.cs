namespace Dataphin.UpgradeKit;

/// <summary>
/// A details link was refused: a browser reading it would not land on an absolute <c>http</c>/<c>https</c>
/// address or on a path from the root of the console's own site. Consoles render the link as an anchor, so a
/// <c>javascript:</c> address, or one a browser resolves to another host, would act in the operator's browser. Nothing
/// was stored.
/// </summary>
public sealed class UnsafeDetailsLinkException : UpgradeKitException
{
    internal UnsafeDetailsLinkException(string link, string reason, string printableLink)
        : base($"The details link '{printableLink}' was refused: {reason}. A details link is an absolute http or https address, or a path from the root such as /ops/tasks/42 (R-SEC-1).")
    {
        Link = link;
        Reason = reason;
    }

    /// <summary>The link exactly as it was given (it may hold control characters: escape it before logging it).</summary>
    public string Link { get; }

    /// <summary>Why it was refused, e.g. <c>its scheme is 'javascript', not http or https</c>.</summary>
    public string Reason { get; }
}
