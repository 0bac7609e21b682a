using System.Net;
using System.Text;
using System.Text.Json;
using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>The encrypted configuration download (R-CFG-1..5) over HTTP.</summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    [Fact]
    public async Task Download_Succeeded_R_CFG_1_ReturnsAnAgeFileThatThePasswordOpens()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.SucceededAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/download", json: "{}");
        var download = JsonSerializer.Deserialize<ConfigurationDownloadResponse>(await response.Content.ReadAsStringAsync(), UpgradeKitJson.Options)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("upgrade-V5.0.0.yaml.age", download.FileName);
        var file = Convert.FromBase64String(download.ContentBase64);
        Assert.Equal(download.Length, file.Length);
        Assert.StartsWith("age-encryption.org/v1", Encoding.ASCII.GetString(file, 0, 21), StringComparison.Ordinal);
        var saved = await host.Services.GetRequiredService<IUpgradeStore>().ReadConfigurationAsync(record.Id);
        Assert.Equal(saved!.Content.ToArray(), ConfigurationDecryptor.Decrypt(file, download.Password));
        Assert.DoesNotContain(download.Password, download.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_Twice_R_CFG_2_GivesDifferentPasswords()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.SucceededAsync();

        using var first = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/download", json: "{}");
        using var second = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/download", json: "{}");

        var a = JsonSerializer.Deserialize<ConfigurationDownloadResponse>(await first.Content.ReadAsStringAsync(), UpgradeKitJson.Options)!;
        var b = JsonSerializer.Deserialize<ConfigurationDownloadResponse>(await second.Content.ReadAsStringAsync(), UpgradeKitJson.Options)!;
        Assert.NotEqual(a.Password, b.Password);
        Assert.NotEqual(a.ContentBase64, b.ContentBase64);
    }

    [Fact]
    public async Task Download_R_CFG_1_PasswordAppearsInNoLogNoTraceAndNoMetric()
    {
        using var telemetry = new TelemetryCapture();
        await using var host = await KestrelHost.StartAsync(logs: telemetry);
        var record = await host.SucceededAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/download", json: "{}");
        var download = JsonSerializer.Deserialize<ConfigurationDownloadResponse>(await response.Content.ReadAsStringAsync(), UpgradeKitJson.Options)!;
        await host.DisposeAsync(); // flushes the request's activity and logs

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The capture saw the download itself, so finding nothing below means something.
        Assert.Contains(telemetry.Logs, l => l.Contains("DownloadConfiguration", StringComparison.Ordinal) && l.Contains(record.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(telemetry.Activities, a => a.Contains("upgradekit.operation=DownloadConfiguration", StringComparison.Ordinal));
        Assert.Contains(telemetry.Measurements, m => m.Contains("upgradekit.operations", StringComparison.Ordinal));
        var compact = download.Password.Replace("-", string.Empty, StringComparison.Ordinal);
        Assert.All(telemetry.Everything, text =>
        {
            Assert.DoesNotContain(download.Password, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(compact, text, StringComparison.OrdinalIgnoreCase);
        });
        Assert.All(response.Headers.Concat(response.Content.Headers), h => Assert.DoesNotContain(download.Password, string.Join(' ', h.Value), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Download_StillUpgrading_IsRefused()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/download", json: "{}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("statusNotEligible", (string?)(await ProblemAsync(response))["reasonCode"]);
    }
}
