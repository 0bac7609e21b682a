using System.Net;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.OpenApi;

/// <summary>The history search's query parameters are described in the OpenAPI document, each with a description.</summary>
public sealed class HistoryOpenApiTests
{
    [Fact]
    public async Task Document_ListOperation_DescribesEveryHistoryParameter_R_HIST_1()
    {
        await using var host = await KestrelHost.StartAsync();
        using var response = await host.Client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var parameters = document["paths"]!["/api/upgrades"]!["get"]!["parameters"]!.AsArray()
            .ToDictionary(p => (string)p!["name"]!, p => p!.AsObject());

        string[] expected =
        [
            "status", "outcome", "mode", "version", "targetFrom", "targetTo", "initialFrom", "initialTo", "createdFrom", "createdTo",
            "startedFrom", "startedTo", "finishedFrom", "finishedTo", "operator", "sort", "pageSize", "continuationToken",
        ];
        foreach (var name in expected)
        {
            Assert.True(parameters.TryGetValue(name, out var parameter), $"{name} is not described");
            Assert.Equal("query", (string?)parameter["in"]);
            Assert.False((bool?)parameter["required"] ?? false, $"{name} must be optional");
            Assert.False(string.IsNullOrWhiteSpace((string?)parameter["description"]), $"{name} has no description");
        }
    }
}
