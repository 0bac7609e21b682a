using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The upgrade time or the maintenance-mode time as the log shows it: the instants for programs and the
/// texts for people, <c>-</c> for what is absent in a text and null in a raw value.
/// </summary>
public sealed record TimeRangeView
{
    /// <summary>The start, or null.</summary>
    public Instant? StartedAt { get; init; }

    /// <summary>The end, or null.</summary>
    public Instant? EndedAt { get; init; }

    /// <summary>The start in the display zone and pattern, or <c>-</c>.</summary>
    public required string Start { get; init; }

    /// <summary>The end in the display zone and pattern, or <c>-</c>.</summary>
    public required string End { get; init; }

    /// <summary>End minus start as <c>hhh:mm:ss</c>, or <c>-</c>.</summary>
    public required string Total { get; init; }

    /// <summary>End minus start in whole seconds (truncated as <see cref="Total"/> is), or null when <see cref="State"/> is not <see cref="DurationState.Known"/>.</summary>
    public long? TotalSeconds { get; init; }

    /// <summary>Whether the total is known, still running, unknown, or does not apply.</summary>
    public DurationState State { get; init; }
}
