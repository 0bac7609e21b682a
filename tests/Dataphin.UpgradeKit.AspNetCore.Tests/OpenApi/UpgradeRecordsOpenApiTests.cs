using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Projections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.OpenApi;

/// <summary>
/// Issue 16 item 4: the OpenAPI document Microsoft.AspNetCore.OpenApi builds from MapUpgradeRecords describes every
/// endpoint the app really routes, with its typed success response and its problem responses.
/// </summary>
public sealed class UpgradeRecordsOpenApiTests
{
    private static readonly string[] ReadProblems = ["400", "401", "404", "500", "503"];
    private static readonly string[] ChangeProblems = ["400", "401", "403", "404", "409", "413", "415", "500", "503"];

    [Fact]
    public async Task Document_EveryRoutedEndpoint_IsDescribedWithItsResponsesAndProblems()
    {
        await using var host = await KestrelHost.StartAsync();
        var document = await DocumentAsync(host);
        var paths = document["paths"]!.AsObject();

        var routed = host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ITagsMetadata>()?.Tags.Contains(UpgradeRecordsEndpointRouteBuilderExtensions.OpenApiTag) == true)
            .Select(e => (Method: e.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods.Single(), Path: "/" + e.RoutePattern.RawText!.Trim('/')))
            .ToList();

        // 6 reads (list, audit, insights, force-stop declaration, row, actions), 2 reports, 2 event streams, the download,
        // and one endpoint per action: the table of MapUpgradeRecords' documentation.
        Assert.Equal(11 + UpgradeActions.All.Count, routed.Count);
        foreach (var (method, path) in routed)
        {
            var operation = paths[path]?[method.ToLowerInvariant()]?.AsObject();
            Assert.True(operation is not null, $"{method} {path} is not in the document");
            var responses = operation["responses"]!.AsObject();
            var mediaType = path.EndsWith("/events", StringComparison.Ordinal) ? "text/event-stream"
                : path.EndsWith("/report", StringComparison.Ordinal) ? "text/csv" : "application/json";
            Assert.True(responses["200"]?["content"]?[mediaType]?["schema"] is not null, $"{method} {path}: no typed 200 response");
            foreach (var status in method == "GET" ? ReadProblems : ChangeProblems)
            {
                Assert.True(responses[status]?["content"]?["application/problem+json"] is not null, $"{method} {path}: no {status} problem response");
            }

            Assert.False(string.IsNullOrWhiteSpace((string?)operation["operationId"]), $"{method} {path}: no operation id");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["summary"]), $"{method} {path}: no summary");
            Assert.DoesNotMatch(@"R-[A-Z]+-\d|SPEC|§", (string)operation["summary"]!); // summaries speak to the API's users
            if (method == "POST")
            {
                var content = operation["requestBody"]?["content"]?.AsObject();
                Assert.True(content is not null, $"{method} {path}: no request body");
                Assert.Equal(["application/json"], content.Select(c => c.Key)); // R-SEC-5: JSON only
            }
        }
    }

    // The success type is declared next to each Map call (trimmed hosts: no reflection over handlers at start-up), so
    // this keeps it from drifting from what the handler really returns: its Task<JsonHttpResult<T>>, or for the action
    // endpoints, which share one handler returning Task<IResult>, the type of the answer each action's view announces
    // (the endpoint tests check each answer has that shape).
    private static readonly Dictionary<string, Type> AnswerTypes = new()
    {
        ["row"] = typeof(RecordListRow),
        ["removedOrRow"] = typeof(CancelResponse),
        ["resumePoint"] = typeof(ResumePoint),
        ["logPanel"] = typeof(ViewLogPanel),
    };

    private static readonly Dictionary<string, Type> ActionAnswers = UpgradeActions.All
        .Select(action => new ActionView { Action = action, Name = "-", Offered = true, Reason = ActionReasonCode.None, Explanation = string.Empty })
        .ToDictionary(view => "/api/upgrades/{id}/" + view.Path, view => AnswerTypes[view.Answer]);

    [Fact]
    public async Task Endpoints_DeclaredSuccessType_IsWhatTheHandlerReturns()
    {
        await using var host = await KestrelHost.StartAsync();

        var json = host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ITagsMetadata>()?.Tags.Contains(UpgradeRecordsEndpointRouteBuilderExtensions.OpenApiTag) == true)
            .Where(e => e.Metadata.GetRequiredMetadata<MethodInfo>().ReturnType != typeof(Task))
            .ToList();

        Assert.Equal(7 + UpgradeActions.All.Count, json.Count); // every endpoint but the two event streams and the two report downloads
        foreach (var endpoint in json)
        {
            var returned = endpoint.Metadata.GetRequiredMetadata<MethodInfo>().ReturnType; // Task<JsonHttpResult<T>> or Task<IResult>
            var value = returned == typeof(Task<IResult>)
                ? ActionAnswers[endpoint.RoutePattern.RawText!]
                : returned.GetGenericArguments()[0].GetGenericArguments()[0];
            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.StatusCode == StatusCodes.Status200OK).Select(p => p.Type);
            Assert.True(declared.SequenceEqual([value]), $"{endpoint.DisplayName}: declares {string.Join(", ", declared)}, returns {value}");
        }

        Assert.Equal(ActionAnswers.Count, json.Count(e => e.Metadata.GetRequiredMetadata<MethodInfo>().ReturnType == typeof(Task<IResult>)));
    }

    [Theory]
    [InlineData("/api/upgrades/{id}/stop", "post")]
    [InlineData("/api/upgrades/{id}/force-stop", "post")]
    [InlineData("/api/upgrades/{id}/cancel", "post")]
    [InlineData("/api/upgrades/{id}/complete", "post")]
    [InlineData("/api/upgrades/{id}/resume-upgrade", "post")]
    [InlineData("/api/upgrades/{id}/resume-verification", "post")]
    [InlineData("/api/upgrades/{id}/log", "get")]
    public async Task Document_ActionEndpoints_R_ACT_3_List403AsAProblem(string path, string method)
    {
        await using var host = await KestrelHost.StartAsync();
        var document = await DocumentAsync(host);

        var responses = document["paths"]![path]![method]!["responses"]!.AsObject();

        Assert.True(responses["403"]?["content"]?["application/problem+json"] is not null, $"{method} {path}: no 403 problem response");
    }

    [Fact]
    public async Task Document_CatchAllOfThePrefix_IsNotDescribed()
    {
        await using var host = await KestrelHost.StartAsync();
        var document = await DocumentAsync(host);

        Assert.DoesNotContain(document["paths"]!.AsObject(), p => p.Key.Contains("unmatchedPath", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Document_WithUpgradeKitSchemas_DescribesIdsInstantsAndEnumsAsTheEndpointsWriteThem()
    {
        await using var host = await KestrelHost.StartAsync();
        var schemas = (await DocumentAsync(host))["components"]!["schemas"]!.AsObject();

        var row = Resolve(schemas, schemas["RecordListRow"]!)["properties"]!;
        var id = Resolve(schemas, row["id"]!);
        Assert.Equal("string", Types(id).Single());
        Assert.Equal("^[0-9a-f]{32}$", (string?)id["pattern"]);
        var started = Resolve(schemas, row["upgradeStartedAt"]!);
        Assert.Contains("string", Types(started));
        Assert.Equal("date-time", (string?)started["format"]);
        var action = Resolve(schemas, schemas["ActionView"]!["properties"]!["reason"]!);
        Assert.Contains("declarationRequired", action["enum"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task Document_DownloadResponse_IsTheConfigurationDownloadShape()
    {
        await using var host = await KestrelHost.StartAsync();
        var document = await DocumentAsync(host);

        var schema = Resolve(document["components"]!["schemas"]!.AsObject(),
            document["paths"]!["/api/upgrades/{id}/download"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
        Assert.Equal(["contentBase64", "encryptedSha256", "fileName", "length", "password"],
            schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    private static async Task<JsonObject> DocumentAsync(KestrelHost host)
    {
        using var response = await host.Client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static JsonNode Resolve(JsonObject schemas, JsonNode schema)
    {
        if ((string?)schema["$ref"] is { } reference)
        {
            return Resolve(schemas, schemas[reference["#/components/schemas/".Length..]]!);
        }

        // A nullable reference is written as oneOf/anyOf [null, $ref] by some generators.
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[key] is JsonArray options && options.FirstOrDefault(o => o?["$ref"] is not null) is { } target)
            {
                return Resolve(schemas, target);
            }
        }

        return schema;
    }

    private static IEnumerable<string?> Types(JsonNode schema) =>
        schema["type"] is JsonArray many ? many.Select(t => (string?)t) : [(string?)schema["type"]];
}
