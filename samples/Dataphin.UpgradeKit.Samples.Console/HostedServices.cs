using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dataphin.UpgradeKit.Samples.Console;

/// <summary>
/// What a generic host does with the services <c>AddUpgradeKit()</c> registers: start them, stop them at the end. The
/// SDK's notification dispatcher is one of them (R-DLV-1): it delivers each notification right after its change is
/// stored, and at start-up whatever an earlier run left in the outbox; the sample calls no delivery method itself.
/// </summary>
internal sealed class HostedServices(IServiceProvider provider) : IAsyncDisposable
{
    private readonly IHostedService[] _services = [.. provider.GetServices<IHostedService>()];

    public async Task StartAsync()
    {
        foreach (var service in _services)
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Waits (a few seconds at most) until the dispatcher delivered everything stored so far, so the sample can print what
    /// the host received; a host does not wait, its handler is simply called.
    /// </summary>
    public static async Task<bool> DeliveredAsync(INotificationOutbox outbox)
    {
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while ((await outbox.ReadPendingAsync(1)).Count > 0)
        {
            if (DateTimeOffset.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var service in _services.Reverse())
        {
            await service.StopAsync(shutdown.Token);
        }
    }
}
