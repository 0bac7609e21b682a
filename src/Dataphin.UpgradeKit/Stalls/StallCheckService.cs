using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dataphin.UpgradeKit.Stalls;

/// <summary>
/// The hosted stall check (R-ETA-2): when <see cref="UpgradeEstimateOptions.StallCheckEnabled"/>, runs
/// <see cref="UpgradeStallCheck.RunOnceAsync"/> at start and then every <see cref="UpgradeEstimateOptions.StallCheckInterval"/>;
/// otherwise returns at once. A failed run is logged and retried on the next interval; stopping the host cancels the run.
/// </summary>
internal sealed class StallCheckService(IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // off the host's start-up path
        var options = services.GetRequiredService<IOptions<UpgradeKitOptions>>().Value.Estimates;
        if (!options.StallCheckEnabled)
        {
            return;
        }

        var logger = (ILogger?)services.GetService<ILogger<UpgradeStallCheck>>() ?? NullLogger.Instance;
        if (services.GetService<IUpgradeStore>() is not IStallEpisodeStore)
        {
            Log.StallCheckUnsupported(logger, services.GetService<IUpgradeStore>()?.GetType().Name ?? "(none)");
            return;
        }

        var check = services.GetRequiredService<UpgradeStallCheck>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await check.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A run that failed is logged and tried again on the next interval: a thrown exception would stop the host.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.StallCheckFailed(logger, ex, options.StallCheckInterval);
            }

            try
            {
                await Task.Delay(options.StallCheckInterval.ToTimeSpan(), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
