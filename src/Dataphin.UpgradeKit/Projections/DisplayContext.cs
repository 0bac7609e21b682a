using System.Globalization;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Times;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// How the projections show times and texts: the host's time zone, the language of display
/// names and sentences, and the pattern for instants. Immutable and thread-safe; build one per zone and culture and
/// keep it.
/// </summary>
public sealed class DisplayContext
{
    /// <summary>The pattern used when none is given: <c>uuuu-MM-dd HH:mm:ss</c>.</summary>
    public const string DefaultTimePattern = "uuuu-MM-dd HH:mm:ss";

    private readonly ZonedDateTimePattern _pattern;

    /// <summary>Creates a display context.</summary>
    /// <param name="zone">The time zone times are shown in, e.g. <c>DateTimeZoneProviders.Tzdb["Asia/Shanghai"]</c>.</param>
    /// <param name="culture">The language of display names and sentences (English and <c>zh-CN</c> ship), and of the pattern.</param>
    /// <param name="timePattern">A NodaTime <see cref="ZonedDateTimePattern"/> text.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="timePattern"/> is not a valid pattern.</exception>
    public DisplayContext(DateTimeZone zone, CultureInfo culture, string timePattern = DefaultTimePattern)
    {
        Zone = Guard.NotNull(zone);
        Culture = Guard.NotNull(culture);
        TimePattern = Guard.NotNullOrWhiteSpace(timePattern);
        try
        {
            _pattern = ZonedDateTimePattern.Create(timePattern, culture, Resolvers.StrictResolver, null, NodaConstants.UnixEpoch.InUtc());
        }
        catch (InvalidPatternException ex)
        {
            throw new ArgumentException($"'{timePattern}' is not a valid NodaTime zoned date-time pattern: {ex.Message}", nameof(timePattern), ex);
        }
    }

    /// <summary>UTC, English, <see cref="DefaultTimePattern"/>.</summary>
    public static DisplayContext Default { get; } = new(DateTimeZone.Utc, CultureInfo.GetCultureInfo("en"));

    /// <summary>The time zone times are shown in.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The language of display texts.</summary>
    public CultureInfo Culture { get; }

    /// <summary>The pattern text for instants.</summary>
    public string TimePattern { get; }

    /// <summary>Formats <paramref name="instant"/> in <see cref="Zone"/> with <see cref="TimePattern"/>.</summary>
    public string FormatTime(Instant instant) => _pattern.Format(instant.InZone(Zone));

    /// <summary>Formats <paramref name="instant"/>, or <see cref="DurationText.Absent"/> (<c>-</c>) when it is null.</summary>
    public string FormatTime(Instant? instant) => instant is { } i ? FormatTime(i) : DurationText.Absent;
}
