using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>
/// R-SEC-5 and R-SEC-3 on a real Kestrel host: state-changing endpoints refuse what a cross-site page can send without
/// a CORS preflight, request bodies are bounded, and every refusal (the framework's 404, 405 and 413 included) is an
/// RFC 7807 problem.
/// </summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    /// <summary>Every POST of MapUpgradeRecords, with a body it would act on if it were JSON.</summary>
    public static readonly TheoryData<string, string> StateChangingRoutes = new()
    {
        { "stop", """{"rerunForceStoppedInstances":true}""" },
        { "force-stop", """{"result":"succeeded","declarationAccepted":true,"reason":"finished by hand"}""" },
        { "cancel", "{}" },
        { "complete", "{}" },
        { "resume-upgrade", "{}" },
        { "resume-verification", "{}" },
        { "download", "{}" },
    };

    /// <summary>A browser sends these cross-site without a preflight: a form post, text/plain, or nothing at all.</summary>
    public static IEnumerable<object[]> SimpleRequests()
    {
        foreach (var route in StateChangingRoutes)
        {
            var (action, json) = ((string)route[0], (string)route[1]);
            yield return [action, "form", json];
            yield return [action, "text/plain", json];
            yield return [action, "multipart", json];
            yield return [action, "empty", json];
        }
    }

    [Theory]
    [MemberData(nameof(SimpleRequests))]
    public async Task StateChangingRoute_SimpleRequest_R_SEC_5_Is415ProblemAndChangesNothing(string action, string kind, string json)
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();
        var auditBefore = await AuditCountAsync(host, record.Id);

        using var request = KestrelHost.Request(HttpMethod.Post, $"/api/upgrades/{record.Id}/{action}", "olga");
        request.Content = kind switch
        {
            "form" => new FormUrlEncodedContent(new Dictionary<string, string> { [json] = string.Empty }),
            "text/plain" => new StringContent(json, Encoding.UTF8, "text/plain"),
            "multipart" => new MultipartFormDataContent { { new StringContent(json), "body" } },
            _ => null,
        };
        using var response = await host.Client.SendAsync(request);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.UnsupportedMediaType, (string?)problem["type"]);
        var stored = await host.Service.Queries.GetAsync(record.Id);
        Assert.Equal(record.Version, stored.Version);
        Assert.Equal(UpgradeStatus.Upgrading, stored.Status);
        Assert.Equal(auditBefore, await AuditCountAsync(host, record.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"rerunForceStoppedInstances\":")]
    public async Task Stop_JsonContentTypeWithoutAJsonObject_R_SEC_5_Is400AndChangesNothing(string body)
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop", json: body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.InvalidRequest, (string?)(await ProblemAsync(response))["type"]);
        Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
    }

    [Fact]
    public async Task Stop_ThirtyMegabyteBody_R_SEC_3_Is413ProblemAndChangesNothing()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();
        using var request = KestrelHost.Request(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop",
            json: "{\"rerunForceStoppedInstances\":true" + new string(' ', 30 * 1024 * 1024) + "}");
        // The server answers from the declared length before reading a byte of the body, then closes the connection;
        // a client that waits for "100 Continue" reads that answer instead of failing on a half-sent body.
        // The wait is long so a busy machine cannot make the client give up on it and send the body after all.
        request.Headers.ExpectContinue = true;
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = host.Client.BaseAddress,
        };

        using var response = await client.SendAsync(request);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.PayloadTooLarge, (string?)problem["type"]);
        Assert.Equal(16 * 1024, (long)problem["maxBodySize"]!);
        Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
    }

    [Fact]
    public async Task Stop_ChunkedBodyPastTheBound_R_SEC_3_Is413ProblemAndChangesNothing()
    {
        // No Content-Length: the bound must hold while the body streams, not only on the declared length.
        await using var host = await KestrelHost.StartAsync(endpoints: o => o.MaxRequestBodySize = 1024);
        var record = await host.UpgradingAsync();
        using var request = KestrelHost.Request(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop");
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"rerunForceStoppedInstances\":true" + new string(' ', 64 * 1024) + "}")));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.PayloadTooLarge, (string?)(await ProblemAsync(response))["type"]);
        Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
    }

    [Theory]
    [InlineData("/api/upgrades/{0}/pause")]
    [InlineData("/api/upgrades/{0}/log/extra")]
    [InlineData("/api/upgrades/{0}/stop/now")]
    [InlineData("/api/upgrades/a/b/c/d")]
    public async Task UnknownRouteUnderThePrefix_R_SEC_5_Is404Problem(string template)
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, record.Id));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.UnknownRoute, (string?)(await ProblemAsync(response))["type"]);
    }

    [Theory]
    [InlineData("GET", "/api/upgrades/{0}/stop", "POST")]
    [InlineData("PUT", "/api/upgrades/{0}/download", "POST")]
    [InlineData("DELETE", "/api/upgrades/{0}", "GET")]
    [InlineData("POST", "/api/upgrades/{0}/log", "GET")]
    [InlineData("PATCH", "/api/upgrades", "GET")]
    public async Task WrongMethod_R_SEC_5_Is405ProblemWithAllowAndChangesNothing(string method, string template, string allowed)
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, template, record.Id),
            json: "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.MethodNotAllowed, (string?)(await ProblemAsync(response))["type"]);
        Assert.Equal([allowed], response.Content.Headers.Allow);
        Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
    }

    [Fact]
    public async Task RouteTheHostMapsUnderThePrefix_WinsOverTheCatchAll_R_SEC_5()
    {
        await using var host = await KestrelHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades/host/extra");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("the host's own", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("https://evil.example", false)]
    [InlineData("null", false)]
    [InlineData("https://console.example.com", true)]
    [InlineData(null, true)]
    public async Task Stop_RequireSameOrigin_R_SEC_5_RefusesAnotherSitesOrigin(string? origin, bool allowed)
    {
        await using var host = await KestrelHost.StartAsync(endpoints: o =>
        {
            o.RequireSameOrigin = true;
            o.TrustedOrigins.Add("https://console.example.com");
        });
        var record = await host.UpgradingAsync();
        using var request = KestrelHost.Request(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop", json: "{}");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await host.Client.SendAsync(request);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(UpgradeStatus.Stopped, (await host.Service.Queries.GetAsync(record.Id)).Status);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(UpgradeProblemTypes.ForeignOrigin, (string?)(await ProblemAsync(response))["type"]);
            Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
        }
    }

    [Fact]
    public async Task Stop_RequireSameOrigin_AcceptsTheRequestsOwnOrigin_R_SEC_5()
    {
        await using var host = await KestrelHost.StartAsync(endpoints: o => o.RequireSameOrigin = true);
        var record = await host.UpgradingAsync();
        using var request = KestrelHost.Request(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop", json: "{}");
        request.Headers.Add("Origin", host.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Stop_UnknownCulture_IsBadRequestBeforeTheActionRuns()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop?culture=xx-NOPE-123", json: "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.InvalidRequest, (string?)(await ProblemAsync(response))["type"]);
        Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
    }

    [Theory]
    [MemberData(nameof(StateChangingRoutes))]
    public async Task StateChangingRoute_WithoutOperator_R_SM_7_Is401AndChangesNothing(string action, string json)
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/{action}", operatorId: null, json: json);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.Unauthenticated, (string?)(await ProblemAsync(response))["type"]);
        Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
    }

    [Fact]
    public void MapUpgradeRecords_InvalidOptions_ListsEveryProblem()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Dataphin.UpgradeKit.AspNetCore.Endpoints.EndpointOptionsValidation.ThrowIfInvalid(
            new Dataphin.UpgradeKit.AspNetCore.Endpoints.UpgradeRecordsEndpointOptions
            {
                DefaultTimeZone = "Mars/Olympus",
                DefaultPageSize = 0,
                MaxRequestBodySize = 0,
                TrustedOrigins = { "https://ok.example/path" },
            }));

        Assert.Contains("DefaultTimeZone", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultPageSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRequestBodySize", error.Message, StringComparison.Ordinal);
        Assert.Contains("TrustedOrigins", error.Message, StringComparison.Ordinal);
    }

    private static async Task<int> AuditCountAsync(KestrelHost host, UpgradeRecordId id) =>
        (await host.Services.GetRequiredService<IAuditTrail>().ReadAsync(id)).Count;
}
