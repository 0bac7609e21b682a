using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The upgrade time or the maintenance-mode time as the log shows it: the instants for programs and the
/// texts for people, <c>-</c> for what is absent in a text and null in a raw value.
/// </summary>
/// <param name="StartedAt">The start, or null.</param>
/// <param name="EndedAt">The end, or null.</param>
/// <param name="Start">The start in the display zone and pattern, or <c>-</c>.</param>
/// <param name="End">The end in the display zone and pattern, or <c>-</c>.</param>
/// <param name="Total">End minus start as <c>hhh:mm:ss</c>, or <c>-</c>.</param>
public sealed record TimeRangeView(Instant? StartedAt, Instant? EndedAt, string Start, string End, string Total)
{
    /// <summary>End minus start in whole seconds (truncated as <see cref="Total"/> is), or null when <see cref="State"/> is not <see cref="DurationState.Known"/>.</summary>
    public long? TotalSeconds { get; init; }

    /// <summary>Whether the total is known, still running, unknown, or does not apply.</summary>
    public DurationState State { get; init; }
}
