using NodaTime;
using NodaTime.Text;

namespace Dataphin.UpgradeKit.Times;

/// <summary>
/// Durations as the records list and the log show them: <c>hhh:mm:ss</c>, total hours zero-padded to at
/// least three digits and more when needed (<c>1234:05:06</c>), sub-second parts truncated, <c>-</c> when absent.
/// Thread-safe.
/// </summary>
public static class DurationText
{
    // Patterns are immutable and thread-safe: build it once (R-TIME-1).
    private static readonly DurationPattern HoursMinutesSeconds = DurationPattern.CreateWithInvariantCulture(PatternText);

    /// <summary>The text shown for an absent time or duration: <c>-</c>.</summary>
    public const string Absent = "-";

    /// <summary>The NodaTime pattern text behind <see cref="Pattern"/>.</summary>
    public const string PatternText = "HHH:mm:ss";

    /// <summary>
    /// The NodaTime pattern of displayed durations, invariant culture. It prints a negative duration without its sign, which is
    /// why <see cref="Format(Duration)"/> refuses negative durations instead of handing them to it.
    /// </summary>
    public static DurationPattern Pattern => HoursMinutesSeconds;

    /// <summary>Formats <paramref name="duration"/>, e.g. <c>000:00:05</c> or <c>1234:05:06</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public static string Format(Duration duration)
    {
        if (duration < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration,
                "A negative duration cannot be shown: an end earlier than its start is rejected when reported (R-TIME-2).");
        }

        return HoursMinutesSeconds.Format(duration);
    }

    /// <summary>Formats <paramref name="duration"/>, or <see cref="Absent"/> when it is null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public static string Format(Duration? duration) => duration is { } d ? Format(d) : Absent;
}
