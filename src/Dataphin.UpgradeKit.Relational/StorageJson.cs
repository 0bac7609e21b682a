using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dataphin.UpgradeKit.Notifications;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The JSON the database stores use for outbox payloads (the polymorphic <see cref="UpgradeNotification"/> with its
/// <c>type</c> discriminator) and for audit options.
/// </summary>
internal static class StorageJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Write(UpgradeNotification notification) => JsonSerializer.Serialize(notification, TypeInfo<UpgradeNotification>());

    public static UpgradeNotification ReadNotification(string json) =>
        JsonSerializer.Deserialize(json, TypeInfo<UpgradeNotification>())
        ?? throw new JsonException("An outbox payload is the JSON null.");

    public static string Write(IReadOnlyDictionary<string, string> options) => JsonSerializer.Serialize(options, TypeInfo<IReadOnlyDictionary<string, string>>());

    public static IReadOnlyDictionary<string, string> ReadOptions(string json)
    {
        var options = JsonSerializer.Deserialize(json, TypeInfo<Dictionary<string, string>>());
        return options is null || options.Count == 0 ? Auditing.AuditEntry.NoOptions : options;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            TypeInfoResolver = StorageJsonContext.Default,
        };

        // A notification holds instants only, written as ConfigureForNodaTime writes them; ConfigureForNodaTime itself
        // brings converters that need reflection, which trimmed and NativeAOT hosts lack.
        options.Converters.Add(new NodaPatternConverter<Instant>(InstantPattern.ExtendedIso));
        options.Converters.Add(new UpgradeRecordIdJsonConverter());
        options.MakeReadOnly();
        return options;
    }
}
