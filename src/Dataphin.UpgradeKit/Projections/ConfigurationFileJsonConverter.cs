using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// Writes a <see cref="ConfigurationFile"/> as its description only, <c>{"fileName", "length", "savedAt"}</c>: its
/// content leaves the SDK only encrypted (SPEC §7), so the SDK's own JSON settings have no way to write it, whatever
/// object holds the file (an <see cref="UpgradeRecord"/> returned from an endpoint, a log line's state). Reading one
/// is refused for the same reason: a description is not a file.
/// </summary>
internal sealed class ConfigurationFileJsonConverter : JsonConverter<ConfigurationFile>
{
    public override ConfigurationFile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("A configuration file is not read from JSON: UpgradeKitJson writes only its name, length and save time.");

    public override void Write(Utf8JsonWriter writer, ConfigurationFile value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Name(options, nameof(ConfigurationFile.FileName)), value.FileName);
        writer.WriteNumber(Name(options, "Length"), value.Content.Length);
        writer.WritePropertyName(Name(options, nameof(ConfigurationFile.SavedAt)));
        // Through the options' own metadata of Instant (a NodaTime converter), which needs no reflection.
        JsonSerializer.Serialize(writer, value.SavedAt, (JsonTypeInfo<Instant>)options.GetTypeInfo(typeof(Instant)));
        writer.WriteEndObject();
    }

    private static string Name(JsonSerializerOptions options, string name) => options.PropertyNamingPolicy?.ConvertName(name) ?? name;
}
