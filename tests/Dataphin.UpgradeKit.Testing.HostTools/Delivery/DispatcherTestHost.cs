using System.Diagnostics.Metrics;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Testing.HostTools.Delivery;

/// <summary>
/// A host as <c>AddUpgradeKit()</c> builds it over one store, with the real hosted services started and stopped the
/// way a generic host does (R-DLV-1): the test's handler, a logger that keeps every line, and a meter factory whose
/// counters the test reads.
/// </summary>
public sealed class DispatcherTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;
    private bool _started;

    /// <summary>Builds the host; nothing runs until <see cref="StartAsync"/>.</summary>
    public DispatcherTestHost(IUpgradeStore store, IUpgradeNotificationHandler handler, Action<NotificationDeliveryOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddSingleton(handler);
        services.AddSingleton<ILogger<Dataphin.UpgradeKit.Delivery.NotificationDelivery>>(Logger);
        services.AddSingleton<ILogger<Dataphin.UpgradeKit.Commands.UpgradeCommands>>(Logger);
        services.AddSingleton<ILogger<Dataphin.UpgradeKit.Commands.UpgradeHostReports>>(Logger);
        services.AddSingleton<IMeterFactory>(Meters);
        // The stall check would add notifications of its own to what the dispatcher tests count.
        services.AddUpgradeKit(o =>
        {
            o.Estimates.StallCheckEnabled = false;
            configure(o.Delivery);
        });
        _provider = services.BuildServiceProvider();
        _hosted = [.. _provider.GetServices<IHostedService>()];
        Service = UpgradeKitFeatures.From(_provider);
    }

    /// <summary>The service the host's container resolves (the one the dispatcher delivers for).</summary>
    public UpgradeKitFeatures Service { get; }

    /// <summary>Every line the SDK logged.</summary>
    public CapturingLogger Logger { get; } = new();

    /// <summary>The host's meters.</summary>
    public CountingMeterFactory Meters { get; } = new();

    /// <summary>How many hosted services <c>AddUpgradeKit()</c> registered.</summary>
    public int HostedServiceCount => _hosted.Count;

    /// <summary>
    /// The notification dispatchers <c>AddUpgradeKit()</c> registered (the SDK registers other hosted services too, e.g.
    /// retention; the dispatcher's type is internal, so it is found by name).
    /// </summary>
    public IReadOnlyList<IHostedService> Dispatchers => _hosted.Where(h => h.GetType().Name == "NotificationDispatcher").ToList();

    /// <summary>Completes when the dispatcher's work has ended (at once when it is turned off; else when the host stops).</summary>
    public Task DispatcherEnded => ((BackgroundService)Dispatchers.Single()).ExecuteTask ?? Task.CompletedTask;

    /// <summary>Starts every hosted service, as a generic host does.</summary>
    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var hosted in _hosted)
        {
            await hosted.StartAsync(timeout.Token);
        }

        _started = true;
    }

    /// <summary>Stops every hosted service in reverse order, with the host's shutdown timeout as the token; returns how long it took.</summary>
    public async Task<TimeSpan> StopAsync(TimeSpan shutdownTimeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(shutdownTimeout);
        for (var i = _hosted.Count - 1; i >= 0; i--)
        {
            await _hosted[i].StopAsync(timeout.Token);
        }

        _started = false;
        return watch.Elapsed;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await StopAsync(TimeSpan.FromSeconds(10));
        }

        // The container does not own the store: the test disposes it.
        await _provider.DisposeAsync();
    }
}
