using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>Writes an <see cref="UpgradeRecordId"/> as its 32-hex-digit text, so outbox payloads stay readable.</summary>
internal sealed class UpgradeRecordIdJsonConverter : JsonConverter<UpgradeRecordId>
{
    public override UpgradeRecordId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        UpgradeRecordId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("An upgrade record id was expected.");

    public override void Write(Utf8JsonWriter writer, UpgradeRecordId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
