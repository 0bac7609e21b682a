using Dataphin.UpgradeKit.Samples.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Browser.Tests.Support;

/// <summary>The web sample started in process on a free loopback port with its own SQLite file, under Chromium.</summary>
public sealed class SampleSite : BrowserSite
{
    private WebApplication? _app;

    public UpgradeKitFeatures Service => UpgradeKitFeatures.From(_app!.Services);

    public async Task<UpgradeRecord> RecordAsync(string targetVersion)
    {
        var page = await Service.Queries.ListAsync(new Storage.UpgradeRecordQuery { PageSize = 100 });
        return page.Items.Single(r => r.TargetVersion.ToString() == targetVersion);
    }

    public async Task<ConfigurationFile> ConfigurationAsync(UpgradeRecordId id) =>
        (await _app!.Services.GetRequiredService<Storage.IUpgradeStore>().ReadConfigurationAsync(id))!;

    protected override async Task<string> StartHostsAsync()
    {
        _app = await SampleApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", $"--{SampleApp.DatabasePathKey}={Path.Combine(Root, "upgrades.db")}", "--environment", "Production",
             "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        return Address(_app);
    }

    protected override async Task StopHostsAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    internal static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
}
