using Dataphin.UpgradeKit.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Dataphin.UpgradeKit.Delivery;

/// <summary>
/// The hosted dispatcher of host notifications (R-DLV-1): wakes right after a change with notifications commits (the
/// store's in-process signal), otherwise every <see cref="NotificationDeliveryOptions.SweepInterval"/> or when the
/// earliest retry it scheduled is due, and delivers passes of <see cref="NotificationDelivery"/> until nothing is claimable. Stops with the host: the
/// notification being handled gets the stopping token, the rest of the batch is released for the next claimant.
/// </summary>
/// <param name="delivery">The delivery whose outbox it delivers.</param>
/// <param name="clock">The clock of the delivery.</param>
/// <param name="logger">Where to log.</param>
/// <param name="wait">
/// How it waits between rounds, for the store's signal or until a duration passes: real time unless a test drives
/// time by hand (<see cref="WaitOnRealTimeAsync"/>).
/// </param>
internal sealed class NotificationDispatcher(NotificationDelivery delivery, IClock clock, ILogger<NotificationDelivery>? logger = null,
    DispatcherWait? wait = null) : BackgroundService
{
    // A timer's longest wait (int.MaxValue milliseconds); a longer one throws, which would end the dispatcher.
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly DispatcherWait _wait = wait ?? WaitOnRealTimeAsync;

    // Every time this dispatcher knows something becomes claimable again that is not due yet, earliest first, kept across
    // wake-ups: a retry it scheduled, or the lease end of a notification whose outcome it could not record. A signal, a
    // pass that schedules nothing, or an earlier retry that ends in a dead letter must not make it forget a later one and
    // wait a whole sweep for it. Retries other instances scheduled are found by the sweep.
    private readonly PriorityQueue<Instant, Instant> _retries = new();

    /// <summary>Waits on real time until <paramref name="signal"/> is set or <paramref name="timeout"/> passes.</summary>
    internal static Task WaitOnRealTimeAsync(DeliverySignal signal, Duration timeout, CancellationToken cancellationToken)
    {
        var span = timeout.ToTimeSpan();
        return signal.WaitAsync(span > LongestWait ? LongestWait : span, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: StartAsync returns at the first await.
        await Task.Yield();
        var options = delivery.DeliveryOptions;
        if (!options.DispatcherEnabled)
        {
            return;
        }

        Log.DispatcherStarted(_logger, options.SweepInterval, options.LeaseDuration);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var timeout = await RunPassesAsync(options, stoppingToken).ConfigureAwait(false);
                await _wait(delivery.DeliverySignal, timeout, stoppingToken).ConfigureAwait(false);
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
                pass = await delivery.DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                foreach (var at in pass.WakeAt)
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

/// <summary>How the dispatcher waits between rounds: until <paramref name="signal"/> is set or <paramref name="timeout"/> passes.</summary>
/// <param name="signal">The store's wake-up call.</param>
/// <param name="timeout">How long at most.</param>
/// <param name="cancellationToken">The host's stopping token; the wait then throws <see cref="OperationCanceledException"/>.</param>
internal delegate Task DispatcherWait(DeliverySignal signal, Duration timeout, CancellationToken cancellationToken);
