using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dataphin.UpgradeKit.AspNetCore.OpenApi;

/// <summary>What the OpenAPI description of the endpoints cannot learn from their signatures.</summary>
internal static class UpgradeRecordsOpenApi
{
    /// <summary>
    /// The <c>culture</c> and <c>timeZone</c> query parameters every endpoint reads through the bound caller
    /// (<c>UpgradeCaller</c>), which the generator does not see as parameters.
    /// </summary>
    public static Task AddDisplayParametersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "culture",
            In = ParameterLocation.Query,
            Description = "The culture of display names and sentences (en, zh-CN); default UpgradeRecordsEndpointOptions.DefaultCulture.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "timeZone",
            In = ParameterLocation.Query,
            Description = "The IANA time zone times are shown in (e.g. Asia/Shanghai); default UpgradeRecordsEndpointOptions.DefaultTimeZone.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        return Task.CompletedTask;
    }
}
