using System.Globalization;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>Checks <see cref="UpgradeRecordsEndpointOptions"/> once, when the endpoints are mapped, listing every problem.</summary>
internal static class EndpointOptionsValidation
{
    public static void ThrowIfInvalid(UpgradeRecordsEndpointOptions? options)
    {
        if (options is null)
        {
            return;
        }

        var problems = Problems(options);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("UpgradeRecordsEndpointOptions are invalid: " + string.Join(" ", problems));
        }
    }

    /// <summary>The problems of <paramref name="options"/>, each a sentence starting with the option's name; empty when valid.</summary>
    public static List<string> Problems(UpgradeRecordsEndpointOptions options)
    {
        var problems = new List<string>();
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.DefaultTimeZone ?? string.Empty) is null)
        {
            problems.Add($"DefaultTimeZone '{options.DefaultTimeZone}' is not an IANA time zone id.");
        }

        try
        {
            _ = CultureInfo.GetCultureInfo(options.DefaultCulture ?? string.Empty, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            problems.Add($"DefaultCulture '{options.DefaultCulture}' is not a culture name.");
        }

        if (options.DefaultPageSize is < 1 or > UpgradeRecordQuery.MaxPageSize)
        {
            problems.Add($"DefaultPageSize must be from 1 to {UpgradeRecordQuery.MaxPageSize}; it is {options.DefaultPageSize}.");
        }

        if (options.MaxRequestBodySize < 1)
        {
            problems.Add($"MaxRequestBodySize must be at least 1 byte; it is {options.MaxRequestBodySize}.");
        }

        if (options.EventsHeartbeatInterval < TimeSpan.FromSeconds(1) || options.EventsHeartbeatInterval > TimeSpan.FromMinutes(5))
        {
            problems.Add($"EventsHeartbeatInterval must be from 1 second to 5 minutes; it is {options.EventsHeartbeatInterval}.");
        }

        foreach (var origin in options.TrustedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/"
                || origin.EndsWith('/'))
            {
                problems.Add($"TrustedOrigins entry '{origin}' is not an origin like https://console.example.com.");
            }
        }

        return problems;
    }
}
