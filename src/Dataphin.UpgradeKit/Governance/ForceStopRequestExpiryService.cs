using Dataphin.UpgradeKit.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataphin.UpgradeKit.Governance;

/// <summary>
/// The hosted expiry check of the two-person rule: runs <see cref="ForceStopRequestExpiry.RunOnceAsync"/> at start and
/// then every <see cref="ForceStopApprovalOptions.CheckInterval"/>. A failed run is logged and tried again on the next
/// interval; stopping the host cancels the run between requests.
/// </summary>
internal sealed class ForceStopRequestExpiryService(ForceStopRequestExpiry expiry, ILogger<ForceStopRequestExpiry>? logger) : BackgroundService
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // off the host's start-up path
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await expiry.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed run is logged and tried again on the next interval.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ForceStopRequestExpiryFailed(_logger, ex, expiry.Interval);
            }

            try
            {
                await Task.Delay(expiry.Interval.ToTimeSpan(), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
