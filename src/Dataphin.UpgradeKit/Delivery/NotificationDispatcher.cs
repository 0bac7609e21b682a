using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Service;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Dataphin.UpgradeKit.Delivery;

/// <summary>
/// The hosted dispatcher of host notifications (R-DLV-1): wakes right after a change with notifications commits (the
/// service's in-process signal), otherwise every <see cref="NotificationDeliveryOptions.SweepInterval"/> or when the
/// earliest retry it scheduled is due, and delivers passes until nothing is claimable. Stops with the host: the
/// notification being handled gets the stopping token, the rest of the batch is released for the next claimant.
/// </summary>
internal sealed class NotificationDispatcher(UpgradeRecordService service, IClock clock, ILogger<UpgradeRecordService>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    // Every retry this dispatcher scheduled that is not due yet, earliest first, kept across wake-ups: a signal, a pass
    // that schedules nothing, or an earlier retry that ends in a dead letter must not make it forget a later retry and
    // wait a whole sweep for it. Retries other instances scheduled are found by the sweep.
    private readonly PriorityQueue<Instant, Instant> _retries = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: StartAsync returns at the first await.
        await Task.Yield();
        var options = service.DeliveryOptions;
        if (!options.DispatcherEnabled)
        {
            return;
        }

        Log.DispatcherStarted(_logger, options.SweepInterval, options.LeaseDuration);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = await RunPassesAsync(options, stoppingToken).ConfigureAwait(false);
                await service.DeliverySignal.WaitAsync(wait.ToTimeSpan(), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        finally
        {
            Log.DispatcherStopped(_logger);
        }
    }

    /// <summary>Delivers until a pass claims nothing; returns how long to wait for the next signal.</summary>
    private async Task<Duration> RunPassesAsync(NotificationDeliveryOptions options, CancellationToken stoppingToken)
    {
        // A retry due by now is claimable in this round's passes; later ones are kept.
        var now = clock.GetCurrentInstant();
        while (_retries.TryPeek(out _, out var due) && due <= now)
        {
            _retries.Dequeue();
        }

        try
        {
            DeliveryPass pass;
            do
            {
                pass = await service.DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                foreach (var at in pass.RetriesAt)
                {
                    _retries.Enqueue(at, at);
                }
            }
            while (pass.Claimed > 0 && !stoppingToken.IsCancellationRequested);
        }
#pragma warning disable CA1031 // A dispatcher that threw would stop the host; every failure waits for the next sweep instead.
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            // The store is away (a restart, a network cut): try again on the next sweep; nothing is lost, leases expire.
            Log.DeliveryPassFailed(_logger, ex, options.SweepInterval);
            return options.SweepInterval;
        }

        var wait = options.SweepInterval;
        if (_retries.TryPeek(out var retry, out _))
        {
            var untilRetry = retry - clock.GetCurrentInstant();
            wait = untilRetry < Duration.Zero ? Duration.Zero : Duration.Min(untilRetry, wait);
        }

        return wait;
    }
}
