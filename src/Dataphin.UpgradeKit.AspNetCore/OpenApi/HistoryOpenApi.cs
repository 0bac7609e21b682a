using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dataphin.UpgradeKit.AspNetCore.OpenApi;

/// <summary>What the OpenAPI document needs to say about the history search that binding metadata does not.</summary>
internal static class HistoryOpenApi
{
    /// <summary>
    /// Every query parameter of a search is optional (absent means no filter); the repeatable ones bound with
    /// <c>[AsParameters]</c> would otherwise be described as required.
    /// </summary>
    public static Task QueryParametersOptionalAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { In: ParameterLocation.Query } query)
            {
                query.Required = false;
            }
        }

        return Task.CompletedTask;
    }
}
