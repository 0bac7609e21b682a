namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What the Force-stop dialog submits.</summary>
/// <param name="Result">The declared result; null when none was selected (the request is then refused).</param>
/// <param name="DeclarationAccepted">True when the Declaration checkbox was selected.</param>
public sealed record ForceStopRequest(ForceStopResult? Result, bool DeclarationAccepted);
