using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Stalls;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Projections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Projections.ProjectionScenario;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Stalls;

/// <summary>The stall check as <c>AddUpgradeKit()</c> hosts it (R-ETA-2): bound from configuration, run by the hosted service, and off when turned off.</summary>
public sealed class StallCheckHostingTests
{
    [Fact]
    public void AddUpgradeKit_Configuration_StallCheckBindsAndAnOutOfRangeIntervalNamesItsKey_R_ETA_2()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UpgradeKit:Estimates:StallCheckEnabled"] = "false",
            ["UpgradeKit:Estimates:StallCheckInterval"] = "00:05:00",
        }).Build();
        using var provider = new ServiceCollection().AddUpgradeKit(configuration.GetSection("UpgradeKit")).UseInMemory().Services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<UpgradeKitOptions>>().Value.Estimates;

        Assert.False(options.StallCheckEnabled);
        Assert.Equal(Duration.FromMinutes(5), options.StallCheckInterval);

        var invalid = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["UpgradeKit:Estimates:StallCheckInterval"] = "00:00:00" }).Build();
        using var bad = new ServiceCollection().AddUpgradeKit(invalid.GetSection("UpgradeKit")).UseInMemory().Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(ex.Failures, f => f.StartsWith("UpgradeKit:Estimates:StallCheckInterval must be between", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostedService_StalledUpgrade_TheHostIsNotifiedThroughTheDispatcher_R_ETA_2()
    {
        var scenario = await StalledScenarioAsync();
        var notified = new TaskCompletionSource<UpgradeStalledNotification>(TaskCreationOptions.RunContinuationsAsynchronously);
        var services = new ServiceCollection()
            .AddSingleton<IClock>(scenario.Clock)
            .AddSingleton<IUpgradeNotificationHandler>(new SignallingHandler(notified));
        services.AddUpgradeKit(o => o.Estimates.NoProgressTimeout = Duration.FromMinutes(30)).UseStore(_ => scenario.Store);
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.Contains(hosted, h => h is StallCheckService);

        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var notification = await notified.Task.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Equal(StallReason.NoProgress, notification.Reason);
        Assert.Equal([notification.RecordId], await scenario.Store.ReadOpenStallsAsync());
    }

    [Fact]
    public async Task HostedService_TurnedOff_ReturnsAtOnceAndStartsNoStall_R_ETA_2()
    {
        var scenario = await StalledScenarioAsync();
        var services = new ServiceCollection().AddSingleton<IClock>(scenario.Clock);
        services.AddUpgradeKit(o =>
        {
            o.Estimates.StallCheckEnabled = false;
            o.Delivery.DispatcherEnabled = false;
        }).UseStore(_ => scenario.Store);
        await using var provider = services.BuildServiceProvider();
        var check = Assert.Single(provider.GetServices<IHostedService>().OfType<StallCheckService>());

        await check.StartAsync(CancellationToken.None);
        await check.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        await check.StopAsync(CancellationToken.None);

        Assert.Empty(await scenario.Store.ReadOpenStallsAsync());
        Assert.Empty((await scenario.Store.ReadPendingAsync(10)).OfType<UpgradeStalledNotification>());
    }

    /// <summary>An upgrade that started at minute 400 and has reported nothing for 31 minutes.</summary>
    private static async Task<ProjectionScenario> StalledScenarioAsync()
    {
        var scenario = ProjectionScenario.Create();
        scenario.Clock.Reset(At(395));
        var id = await scenario.InsertConfiguringAsync();
        await scenario.Service.Commands.SaveConfigurationAsync(id, new ConfigurationFile("c.yaml", "x"u8.ToArray(), At(395)), Alice);
        scenario.Clock.Reset(At(400));
        await scenario.Service.HostReports.StartAsync(id);
        scenario.Clock.Reset(At(431));
        return scenario;
    }

    private sealed class SignallingHandler(TaskCompletionSource<UpgradeStalledNotification> notified) : IUpgradeNotificationHandler
    {
        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
        {
            if (notification is UpgradeStalledNotification stalled)
            {
                notified.TrySetResult(stalled);
            }

            return Task.CompletedTask;
        }
    }
}
