namespace Dataphin.UpgradeKit.Stalls;

/// <summary>What one run of the stall check found.</summary>
public sealed record StallCheckResult
{
    /// <summary>How many running upgrades it looked at.</summary>
    public int Checked { get; init; }

    /// <summary>How many of them are stalled now.</summary>
    public int Stalled { get; init; }

    /// <summary>How many stalls this run started, each with its host notification; stalls another instance started first are not counted.</summary>
    public int Started { get; init; }

    /// <summary>How many stalls this run ended because progress resumed or the upgrade finished.</summary>
    public int Ended { get; init; }
}
