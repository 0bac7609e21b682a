using Dataphin.UpgradeKit.AspNetCore.OpenApi;

// The namespace of the options it extends, like the package's own AddSchemaTransformer, so it reads as part of AddOpenApi.
namespace Microsoft.AspNetCore.OpenApi;

/// <summary>Makes an OpenAPI document describe the Upgrade Records endpoints' JSON exactly as they write it.</summary>
public static class UpgradeKitOpenApiOptionsExtensions
{
    /// <summary>
    /// Adds a schema transformer for the SDK's JSON (<see cref="Dataphin.UpgradeKit.Projections.UpgradeKitJson.Options"/>),
    /// which the endpoints write whatever the host's own JSON options are: record ids as 32 lower-case hex digits, NodaTime
    /// instants as ISO-8601 UTC text and the SDK's enums as camelCase strings. Without it the document still lists every
    /// endpoint, body and response, but derives those three shapes from the host's options. Schemas of other types are left
    /// as they are.
    /// </summary>
    /// <param name="options">The options of one document (<c>services.AddOpenApi(o =&gt; o.AddUpgradeKitSchemas())</c>).</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static OpenApiOptions AddUpgradeKitSchemas(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddSchemaTransformer(UpgradeKitSchemas.TransformAsync);
    }
}
