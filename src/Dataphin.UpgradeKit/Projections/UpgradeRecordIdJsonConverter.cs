using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>Writes an <see cref="UpgradeRecordId"/> as its 32-hex-digit text and reads it back.</summary>
internal sealed class UpgradeRecordIdJsonConverter : JsonConverter<UpgradeRecordId>
{
    public override UpgradeRecordId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        UpgradeRecordId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Expected an upgrade record id.");

    public override void Write(Utf8JsonWriter writer, UpgradeRecordId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
