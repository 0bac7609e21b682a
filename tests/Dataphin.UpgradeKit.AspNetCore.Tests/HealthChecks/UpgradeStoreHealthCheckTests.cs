using System.Net;
using Dataphin.UpgradeKit.AspNetCore.HealthChecks;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.HealthChecks;

public sealed class UpgradeStoreHealthCheckTests
{
    [Fact]
    public async Task CheckHealth_StoreAnswers_IsHealthy()
    {
        var check = new UpgradeStoreHealthCheck(new InMemoryUpgradeStore());

        var result = await check.CheckHealthAsync(Context(check, HealthStatus.Unhealthy));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task CheckHealth_StoreThrows_ReportsTheRegistrationsFailureStatus()
    {
        var check = new UpgradeStoreHealthCheck(FaultyStore.Create(() => throw new UpgradeStoreException("disk I/O error")));

        var result = await check.CheckHealthAsync(Context(check, HealthStatus.Degraded));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.IsType<UpgradeStoreException>(result.Exception);
    }

    [Fact]
    public async Task CheckHealth_StoreNeverAnswers_IsUnhealthyAfterTheTimeout()
    {
        var check = new UpgradeStoreHealthCheck(FaultyStore.Create(() => new TaskCompletionSource().Task), TimeSpan.FromMilliseconds(200));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await check.CheckHealthAsync(Context(check, HealthStatus.Unhealthy));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("did not answer", result.Description, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task HealthEndpoint_InMemoryStore_IsHealthy()
    {
        await using var host = await KestrelHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthEndpoint_StoreFailing_IsUnhealthy503()
    {
        await using var host = await KestrelHost.StartAsync(_ => FaultyStore.Create(() => throw new UpgradeStoreException("database is locked")));

        using var response = await host.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    private static HealthCheckContext Context(IHealthCheck check, HealthStatus failureStatus) =>
        new() { Registration = new HealthCheckRegistration("upgradekit-store", check, failureStatus, null) };
}
