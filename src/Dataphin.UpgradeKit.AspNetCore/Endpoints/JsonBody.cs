using System.Text.Json;
using Dataphin.UpgradeKit.Projections;
using Microsoft.AspNetCore.Http;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// Reads the JSON object a state-changing endpoint takes. <see cref="UpgradeRecordsFilters.RequireJsonBodyAsync"/> has
/// already checked the content type and bounded the body, so this only parses; an empty body, <c>null</c> or anything
/// that is not the expected object is 400.
/// </summary>
internal static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        T? body;
        try
        {
            // Not the request's token: a change, once asked for, is applied or refused as a whole (see the handlers).
            body = await request.ReadFromJsonAsync(EndpointJson.Info<T>(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException(ex.Path is null or "$"
                ? "The request body is not a JSON object for this action; send {} when the action takes no options."
                : $"The request body is not valid for this action at {ex.Path}.", ex);
        }

        return body ?? throw new ArgumentException("The request body is null; send a JSON object ({} when the action takes no options).");
    }
}
