using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Projections;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The JSON of the endpoints: <see cref="UpgradeKitJson.Options"/> (naming, converters, encoder) with compile-time
/// metadata for the types this package adds to the wire (the action bodies, the cancel and download answers, the
/// change events), ahead of the core's resolver for its projections. Trimmed and NativeAOT hosts need no reflection.
/// </summary>
internal static class EndpointJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The metadata of <typeparamref name="T"/> under <see cref="Options"/>.</summary>
    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(UpgradeKitJson.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(EndpointJsonContext.Default, UpgradeKitJson.Options.TypeInfoResolver),
        };
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>
/// Compile-time JSON metadata of the package's own request and response types. The options (naming, converters) come
/// from <see cref="EndpointJson.Options"/>, which resolve through this context.
/// </summary>
[JsonSerializable(typeof(StopBody))]
[JsonSerializable(typeof(ForceStopBody))]
[JsonSerializable(typeof(VersionBody))]
[JsonSerializable(typeof(CancelBody))]
[JsonSerializable(typeof(ReasonBody))]
[JsonSerializable(typeof(ForceStopDeclaration))]
[JsonSerializable(typeof(EmptyBody))]
[JsonSerializable(typeof(CancelResponse))]
[JsonSerializable(typeof(ConfigurationDownloadResponse))]
[JsonSerializable(typeof(RecordWatchEvent))]
[JsonSerializable(typeof(Dataphin.UpgradeKit.Storage.AuditTrailPage))]
[JsonSerializable(typeof(Dataphin.UpgradeKit.Insights.UpgradeInsights))]
internal sealed partial class EndpointJsonContext : JsonSerializerContext;
