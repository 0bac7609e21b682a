namespace Dataphin.UpgradeKit.Estimates;

/// <summary>Why a running upgrade is stalled. Written in JSON as <c>none</c>, <c>pastEstimate</c> or <c>noProgress</c>.</summary>
public enum StallReason
{
    /// <summary>Not stalled.</summary>
    None = 0,

    /// <summary>It has run past the 90th percentile of its estimated end by more than the host's margin.</summary>
    PastEstimate = 1,

    /// <summary>No progress was reported for longer than the host allows.</summary>
    NoProgress = 2,
}
