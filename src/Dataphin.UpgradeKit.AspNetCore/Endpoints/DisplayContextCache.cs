using System.Collections.Concurrent;
using System.Globalization;
using Dataphin.UpgradeKit.Projections;
using NodaTime;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The display settings (<see cref="DisplayContext"/>) the endpoints answer in, one per valid time zone and culture
/// (R-DISP-1). Keys are normalised, the zone's tzdb id and the culture's canonical name, so spellings of the same
/// setting (<c>ZH-cn</c>, <c>zh-CN</c>) share one entry; an unknown zone or culture is refused and never stored; and the
/// number of entries is capped, past which a display is built for the request and not kept. Request text therefore
/// cannot grow it: at most <see cref="Capacity"/> entries, whoever asks. One instance per
/// <c>MapUpgradeRecords</c> call, carried as endpoint metadata. Thread-safe.
/// </summary>
internal sealed class DisplayContextCache
{
    /// <summary>Far more than the zones and cultures a console's operators use (60,000 requests over 256 kept displays grew the heap by 6 MiB, tzdb zones loaded included).</summary>
    public const int DefaultCapacity = 256;

    private readonly ConcurrentDictionary<(string Zone, string Culture), DisplayContext> _displays = new();
    private readonly Lock _gate = new();

    public DisplayContextCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 0);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>How many displays are kept (for tests and diagnostics).</summary>
    public int Count => _displays.Count;

    /// <summary>The display for a zone id and a culture name as a request spelled them.</summary>
    /// <exception cref="ArgumentException">The zone is not a tzdb id, or the culture is not a predefined culture's name.</exception>
    public DisplayContext Get(string zone, string culture)
    {
        var tz = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone)
            ?? throw new ArgumentException($"'{Shorten(zone)}' is not a time zone id of the IANA time zone database (e.g. Asia/Shanghai).");
        CultureInfo info;
        try
        {
            info = CultureInfo.GetCultureInfo(culture, predefinedOnly: true);
        }
        catch (CultureNotFoundException ex)
        {
            throw new ArgumentException($"'{Shorten(culture)}' is not a culture name (e.g. en or zh-CN).", ex);
        }

        var key = (tz.Id, info.Name);
        if (_displays.TryGetValue(key, out var found))
        {
            return found;
        }

        // Adds are rare (one per setting in use) and take the lock, so the cap holds exactly under concurrency.
        var display = new DisplayContext(tz, info);
        lock (_gate)
        {
            if (_displays.TryGetValue(key, out var kept))
            {
                return kept;
            }

            if (_displays.Count < Capacity)
            {
                _displays[key] = display;
            }
        }

        return display;
    }

    // Echoed request text stays short: a problem body must not become a way to reflect large input.
    private static string Shorten(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");
}
