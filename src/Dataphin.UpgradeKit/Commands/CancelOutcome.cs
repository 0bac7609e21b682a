namespace Dataphin.UpgradeKit.Commands;

/// <summary>What a cancel did.</summary>
public sealed record CancelOutcome
{
    /// <summary>True when no configuration had been saved and the record was removed from the list.</summary>
    public required bool Removed { get; init; }

    /// <summary>The Canceled record, or null when it was removed.</summary>
    public UpgradeRecord? Record { get; init; }
}
