using NodaTime;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>How a retention run ended, for health checks.</summary>
public sealed record RetentionLastRun
{
    /// <summary>When the run started.</summary>
    public required Instant At { get; init; }

    /// <summary>True when the run failed (the next run goes on where it stopped).</summary>
    public required bool Failed { get; init; }

    /// <summary>How many records the run removed (before it failed, when it did).</summary>
    public required int RemovedRecords { get; init; }

    /// <summary>The type of the error that ended a failed run; null when it did not fail.</summary>
    public string? Error { get; init; }
}
