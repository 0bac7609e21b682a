using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// The hosted retention service: when <see cref="RetentionOptions.Enabled"/> and <see cref="RetentionOptions.ServiceEnabled"/>
/// are true, runs <see cref="UpgradeRetention.RunOnceAsync"/> at start and then every <see cref="RetentionOptions.Interval"/>;
/// otherwise returns at once (and never resolves retention, so a store without it is no problem). A failed run is logged
/// and retried on the next interval; stopping the host cancels the run between statements, which the next run resumes.
/// </summary>
internal sealed class RetentionService(IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // off the host's start-up path
        var options = services.GetRequiredService<IOptions<UpgradeKitOptions>>().Value.Retention;
        if (!options.Enabled || !options.ServiceEnabled)
        {
            return;
        }

        var retention = services.GetRequiredService<UpgradeRetention>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await retention.RunOnceAsync(actor: null, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A run that failed is logged by the run and tried again on the next interval.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            try
            {
                await Task.Delay(options.Interval.ToTimeSpan(), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
