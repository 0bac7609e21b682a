using System.Net;
using System.Text.Json;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Projections;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>Operator actions over HTTP (R-SM-4, R-SM-5, §9 concurrency) and their errors as problem details.</summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    [Fact]
    public async Task Stop_WithRerunOption_R_SM_4_EndsStoppedAndRecordsTheOption()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop",
            json: $$"""{"rerunForceStoppedInstances":true,"expectedVersion":{{record.Version}}}""");
        var row = JsonSerializer.Deserialize<RecordListRow>(await response.Content.ReadAsStringAsync(), UpgradeKitJson.Options)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UpgradeStatus.Stopped, row.Status.Code);
        Assert.Equal("Upgrade Stopped", row.Status.Name);
        var stored = await host.Service.Queries.GetAsync(record.Id);
        Assert.Equal(UpgradeStatus.Stopped, stored.Status);
        Assert.True(stored.RerunForceStoppedInstances);
        Assert.Equal(stored.Version, row.RecordVersion);
    }

    [Fact]
    public async Task ForceStop_WithoutDeclaration_R_SM_5_IsProblemWithDeclarationRequired()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "olga",
            """{"result":"succeeded","declarationAccepted":false}""");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.OperationNotPermitted, (string?)problem["type"]);
        Assert.Equal("declarationRequired", (string?)problem["reasonCode"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["explanation"]));
        Assert.Equal(record.Id.ToString(), (string?)problem["recordId"]);
        Assert.Equal(UpgradeStatus.Upgrading, (await host.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task ForceStop_WithResultAndDeclaration_ByEngineer_IsForceStoppedMarkedFailed()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "olga",
            """{"result":"failed","declarationAccepted":true,"reason":"finished by hand"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UpgradeStatus.ForceStoppedFailed, (await host.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task ForceStop_ByOperatorWhoIsNotQualified_R_ACT_3_IsRefusedWithOperatorNotQualified()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "alice",
            """{"result":"succeeded","declarationAccepted":true,"reason":"finished by hand"}""");

        Assert.Equal("operatorNotQualified", (string?)(await ProblemAsync(response))["reasonCode"]);
    }

    [Fact]
    public async Task Stop_WithStaleExpectedVersion_IsConflictProblem()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop",
            json: $$"""{"rerunForceStoppedInstances":false,"expectedVersion":{{record.Version - 1}}}""");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.Conflict, (string?)problem["type"]);
        Assert.Equal(record.Version - 1, (long)problem["expectedVersion"]!);
        Assert.Equal(UpgradeStatus.Upgrading, (await host.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task Complete_UnknownId_IsNotFoundProblem()
    {
        await using var host = await KestrelHost.StartAsync();
        var unknown = UpgradeRecordId.New(host.Clock.GetCurrentInstant());

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{unknown}/complete", json: "{}");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.NotFound, (string?)problem["type"]);
    }

    [Theory]
    [InlineData("/api/upgrades/not-an-id")]
    [InlineData("/api/upgrades?pageSize=0")]
    [InlineData("/api/upgrades?status=paused")]
    [InlineData("/api/upgrades?timeZone=Mars/Olympus")]
    public async Task Get_MalformedInput_IsBadRequestProblem(string path)
    {
        await using var host = await KestrelHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.InvalidRequest, (string?)(await ProblemAsync(response))["type"]);
    }

    [Fact]
    public async Task Stop_BodyNotJson_IsBadRequestAndChangesNothing()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop", json: "{\"rerunForceStoppedInstances\":");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(UpgradeStatus.Upgrading, (await host.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task List_WithoutOperator_R_SM_7_IsUnauthorizedProblem()
    {
        await using var host = await KestrelHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades", operatorId: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.Unauthenticated, (string?)(await ProblemAsync(response))["type"]);
    }

    [Fact]
    public async Task ResumeUpgrade_Upgrading_R_SM_3_ReturnsTheCurrentStep()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/resume-upgrade", json: "{}");
        var point = JsonSerializer.Deserialize<Lifecycle.ResumePoint>(await response.Content.ReadAsStringAsync(), UpgradeKitJson.Options)!;

        Assert.Equal(Lifecycle.ResumeStage.Execution, point.Stage);
        Assert.Equal("stop-services", point.CurrentStep);
    }

    [Fact]
    public async Task List_StoreUnavailable_Is503ProblemWithoutInternals()
    {
        await using var host = await KestrelHost.StartAsync(_ => FaultyStore.Create(() => throw new UpgradeStoreException("SQLite Error 5: 'database is locked' at /var/lib/secret/upgrades.db")));

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.StoreUnavailable, (string?)problem["type"]);
        Assert.DoesNotContain("/var/lib/secret", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnexpectedFailure_Is500ProblemWithoutStackTrace()
    {
        await using var host = await KestrelHost.StartAsync(_ => FaultyStore.Create(() => throw new InvalidOperationException("connection pool exhausted")));

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.Unexpected, (string?)problem["type"]);
        Assert.DoesNotContain("connection pool", problem.ToJsonString(), StringComparison.Ordinal);
    }
}
