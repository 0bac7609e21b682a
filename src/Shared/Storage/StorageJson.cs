using System.Text.Json;
using Dataphin.UpgradeKit.Notifications;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Dataphin.UpgradeKit.Storage.Shared;

/// <summary>
/// The JSON the database stores use for outbox payloads (the polymorphic <see cref="UpgradeNotification"/> with its
/// <c>type</c> discriminator) and for audit options.
/// </summary>
internal static class StorageJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Write(UpgradeNotification notification) => JsonSerializer.Serialize(notification, Options);

    public static UpgradeNotification ReadNotification(string json) =>
        JsonSerializer.Deserialize<UpgradeNotification>(json, Options)
        ?? throw new JsonException("An outbox payload is the JSON null.");

    public static string Write(IReadOnlyDictionary<string, string> options) => JsonSerializer.Serialize(options, Options);

    public static IReadOnlyDictionary<string, string> ReadOptions(string json)
    {
        var options = JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options);
        return options is null || options.Count == 0 ? Auditing.AuditEntry.NoOptions : options;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Add(new UpgradeRecordIdJsonConverter());
        options.MakeReadOnly();
        return options;
    }
}
