using System.Diagnostics.CodeAnalysis;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What the Force-stop dialog submits.</summary>
public sealed record ForceStopRequest
{
    /// <summary>Creates an empty request; set its properties with an object initializer.</summary>
    public ForceStopRequest()
    {
    }

    /// <summary>Creates a request with a result and the declaration checkbox, without a reason or the declaration's text.</summary>
    /// <param name="Result">See <see cref="Result"/>.</param>
    /// <param name="DeclarationAccepted">See <see cref="DeclarationAccepted"/>.</param>
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "The positional record's parameter names, so that existing named arguments still compile.")]
    public ForceStopRequest(ForceStopResult? Result, bool DeclarationAccepted)
    {
        this.Result = Result;
        this.DeclarationAccepted = DeclarationAccepted;
    }

    /// <summary>The declared result; null when none was selected (the request is then refused).</summary>
    public ForceStopResult? Result { get; init; }

    /// <summary>True when the Declaration checkbox was selected.</summary>
    public bool DeclarationAccepted { get; init; }

    /// <summary>
    /// The declaration the engineer was shown and accepted, exactly (its version, language and text), recorded in the
    /// audit trail; null when the caller does not say which text it showed. <see cref="Display.UpgradeKitTexts.ForceStopDeclaration"/>
    /// gives the SDK's current declaration in a language.
    /// </summary>
    public ForceStopDeclaration? Declaration { get; init; }

    /// <summary>
    /// Why the engineer force-stops the upgrade; recorded in the audit trail and handed to the host with the
    /// notification. Null when none was given, which is refused while the host requires a reason for Force-stop (the
    /// default, <see cref="LifecycleRuleOptions.ReasonRequiredFor"/>).
    /// </summary>
    public OperatorReason? Reason { get; init; }
}
