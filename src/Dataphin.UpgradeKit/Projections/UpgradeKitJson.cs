using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The JSON settings of the projections' documented shape (<c>docs/timeline.md</c>): camelCase properties, enum codes as
/// camelCase strings, instants as ISO-8601 UTC text (<c>2026-03-29T00:30:00Z</c>), record ids as 32 hex digits, nulls
/// written so every property is always present, non-ASCII text (e.g. Chinese) unescaped. A <see cref="ConfigurationFile"/> is written as
/// <c>{"fileName", "length", "savedAt"}</c>, never with its content: serializing an <see cref="UpgradeRecord"/> with these
/// options cannot put the saved configuration on the wire (the content leaves the SDK only encrypted, SPEC §7), and a
/// configuration file is not read back from JSON.
/// </summary>
public static class UpgradeKitJson
{
    /// <summary>Read-only, thread-safe options; pass them to <see cref="JsonSerializer"/> or copy them to change indentation.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,

            // Chinese and other non-ASCII text as itself, not \uXXXX; HTML-sensitive characters (<, >, &, ', ") stay
            // escaped, unlike UnsafeRelaxedJsonEscaping, so the JSON is still safe to embed in a page.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UpgradeRecordIdJsonConverter());
        options.Converters.Add(new ConfigurationFileJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
