using System.Net;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Operators;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>
/// Who may take an action, as ASP.NET Core authorization does it: a policy per action (R-ACT-3), 403 for a refused
/// permission, 409 for a refused status, and the offered actions agreeing with what the endpoint allows (R-ACT-2).
/// </summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    private const string ForceStoppers = "force-stoppers";
    private const string ForceStopBody = """{"result":"succeeded","declarationAccepted":true,"reason":"finished by hand"}""";

    // The policy lets alice force-stop and not olga, the opposite of the om-engineer role, so the policy is what decides.
    private static Task<KestrelHost> PolicyHostAsync() => KestrelHost.StartAsync(
        endpoints: o => o.ActionPolicies[UpgradeAction.ForceStop] = ForceStoppers,
        configure: b => b.Services.AddAuthorization(a => a.AddPolicy(ForceStoppers,
            p => p.RequireAssertion(c => c.Resource is HttpContext http && http.Request.Headers["X-Operator"] == "alice"))));

    [Fact]
    public async Task ForceStop_PolicyRefuses_R_ACT_3_Is403ProblemAndChangesNothing()
    {
        await using var host = await PolicyHostAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "olga", ForceStopBody);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.Forbidden, (string?)problem["type"]);
        Assert.Equal("operatorNotQualified", (string?)problem["reasonCode"]);
        Assert.Equal("forceStop", (string?)problem["operation"]);
        Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
    }

    [Fact]
    public async Task ForceStop_PolicyAllows_R_ACT_3_SucceedsForAnOperatorWithoutTheRole()
    {
        await using var host = await PolicyHostAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "alice", ForceStopBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UpgradeStatus.ForceStoppedSucceeded, (await host.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task ForceStop_PolicyAllowsButStatusRefuses_R_SM_5_Stays409()
    {
        await using var host = await PolicyHostAsync();
        var record = await host.SucceededAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "alice", ForceStopBody);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.OperationNotPermitted, (string?)problem["type"]);
        Assert.Equal("statusNotEligible", (string?)problem["reasonCode"]);
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("olga", false)]
    public async Task Actions_WithForceStopPolicy_R_ACT_2_R_ACT_3_OfferForceStopExactlyToWhomThePolicyAllows(string operatorId, bool allowed)
    {
        await using var host = await PolicyHostAsync();
        var record = await host.UpgradingAsync();

        using var actions = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{record.Id}/actions", operatorId);
        using var list = await host.SendAsync(HttpMethod.Get, "/api/upgrades", operatorId);
        using var single = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{record.Id}", operatorId);
        using var forceStop = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", operatorId, ForceStopBody);

        var offered = ForceStopOf(JsonNode.Parse(await actions.Content.ReadAsStringAsync())!.AsArray());
        var listed = ForceStopOf(JsonNode.Parse(await list.Content.ReadAsStringAsync())!["rows"]![0]!["actions"]!.AsArray());
        var row = ForceStopOf(JsonNode.Parse(await single.Content.ReadAsStringAsync())!["actions"]!.AsArray());
        foreach (var answer in new[] { offered, listed, row })
        {
            Assert.Equal(allowed, (bool)answer["offered"]!);
            Assert.Equal(allowed ? "none" : "operatorNotQualified", (string?)answer["reason"]);
        }

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, forceStop.StatusCode);
    }

    [Fact]
    public async Task ForceStop_WithoutPolicyByOperatorWithoutTheRole_R_ACT_3_Is403()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "alice", ForceStopBody);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.Forbidden, (string?)problem["type"]);
        Assert.Equal("operatorNotQualified", (string?)problem["reasonCode"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["explanation"]));
    }

    [Fact]
    public async Task Stop_PolicyRefuses_Is403BeforeTheBodyIsRead()
    {
        await using var host = await KestrelHost.StartAsync(
            endpoints: o => o.ActionPolicies[UpgradeAction.Stop] = "nobody",
            configure: b => b.Services.AddAuthorization(a => a.AddPolicy("nobody", p => p.RequireAssertion(_ => false))));
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop", "alice", "{}");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("stop", (string?)problem["operation"]);
        Assert.Equal(UpgradeStatus.Upgrading, (await host.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task List_ForceStopPolicyThrows_IsA500ProblemNotAServerError()
    {
        await using var host = await KestrelHost.StartAsync(
            endpoints: o => o.ActionPolicies[UpgradeAction.ForceStop] = "broken",
            configure: b => b.Services.AddAuthorization(a => a.AddPolicy("broken",
                p => p.RequireAssertion(bool (_) => throw new InvalidOperationException("the policy's directory is down")))));

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades", "alice");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.Unexpected, (string?)problem["type"]);
    }

    [Fact]
    public void MapUpgradeRecords_PolicyNotRegisteredOrCustomQualification_ListsEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthorization();
        services.AddSingleton<IOperatorQualification>(new AlwaysQualified());
        using var provider = services.BuildServiceProvider();
        var options = new UpgradeRecordsEndpointOptions();
        options.ActionPolicies[UpgradeAction.ForceStop] = "missing";
        options.ActionPolicies[UpgradeAction.Cancel] = " ";

        var error = Assert.Throws<InvalidOperationException>(() => EndpointOptionsValidation.ThrowIfInvalid(options, provider));

        Assert.Contains("'missing', which is not registered", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cancel must name a policy", error.Message, StringComparison.Ordinal);
        Assert.Contains("IOperatorQualification", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/upgrades/events")]
    [InlineData("/api/upgrades")]
    public async Task Endpoints_UnderCookieAuthenticationWithoutCookie_R_SM_7_Answer401NotARedirect(string path)
    {
        await using var host = await KestrelHost.StartAsync(
            configure: b =>
            {
                b.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
                b.Services.AddAuthorization();
            },
            group: g => g.RequireAuthorization());
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };

        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);

        // (The cookie handler names its login page in Location even when it answers 401; the status is what counts.)
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static JsonObject ForceStopOf(JsonArray actions) =>
        actions.Select(a => a!.AsObject()).Single(a => (string?)a["action"] == "forceStop");

    private sealed class AlwaysQualified : IOperatorQualification
    {
        public bool IsQualifiedOmEngineer(OperatorIdentity actor) => true;
    }
}
