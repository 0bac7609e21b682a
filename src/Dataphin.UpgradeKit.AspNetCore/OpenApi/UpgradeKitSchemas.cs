using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;

namespace Dataphin.UpgradeKit.AspNetCore.OpenApi;

/// <summary>The schema transformer behind <see cref="UpgradeKitOpenApiOptionsExtensions.AddUpgradeKitSchemas"/>.</summary>
internal static class UpgradeKitSchemas
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(UpgradeRecordId))
        {
            AsString(schema, nullable);
            schema.Pattern = "^[0-9a-f]{32}$";
            schema.Description ??= "An upgrade record id: 32 lower-case hexadecimal digits.";
        }
        else if (type == typeof(Instant))
        {
            AsString(schema, nullable);
            schema.Format = "date-time";
        }
        else if (type.IsEnum && type.Assembly == typeof(UpgradeRecordId).Assembly)
        {
            AsString(schema, nullable);
            schema.Enum = [.. Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(n)))];
            if (nullable)
            {
                schema.Enum.Add(null!); // JSON null is a member of a nullable enum's values
            }
        }

        return Task.CompletedTask;
    }

    private static void AsString(OpenApiSchema schema, bool nullable)
    {
        schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        schema.Format = null;
        schema.Properties?.Clear();
        schema.Required?.Clear();
        schema.AnyOf = null;
        schema.OneOf = null;
        schema.Enum = null;
    }
}
