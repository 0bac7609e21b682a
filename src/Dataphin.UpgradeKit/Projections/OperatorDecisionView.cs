using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The operator's action that ended an upgrade (stop, force-stop or cancel) as the View log shows it: who, when, why,
/// and for a force-stop the declaration they accepted. The reason and the declaration are the operator's and the
/// SDK's text: show them as text, never as markup.
/// </summary>
public sealed record OperatorDecisionView
{
    /// <summary>The action taken.</summary>
    public required CodeAndName<UpgradeAction> Action { get; init; }

    /// <summary>The operator's id.</summary>
    public required string Actor { get; init; }

    /// <summary>When it was taken.</summary>
    public required Instant At { get; init; }

    /// <summary><see cref="At"/> in the requested time zone, as the list shows times.</summary>
    public required string Time { get; init; }

    /// <summary>The reason the operator gave; null when they gave none.</summary>
    public string? Reason { get; init; }

    /// <summary>The declaration a force-stop's engineer accepted, exactly as shown; null when none was recorded.</summary>
    public ForceStopDeclaration? Declaration { get; init; }
}
