namespace Dataphin.UpgradeKit.Commands;

/// <summary>What a cancel did (R-REC-2).</summary>
/// <param name="Removed">True when no configuration had been saved and the record was removed from the list.</param>
/// <param name="Record">The Canceled record, or null when it was removed.</param>
public sealed record CancelOutcome(bool Removed, UpgradeRecord? Record);
