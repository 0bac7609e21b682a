using Dataphin.UpgradeKit.Retention;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dataphin.UpgradeKit.AspNetCore.HealthChecks;

/// <summary>
/// Reports retention: Degraded when the last retention run of this instance failed (nothing was removed that was not
/// archived, and the next run goes on where it stopped), Healthy otherwise, before the first run included. Thread-safe.
/// </summary>
public sealed class RetentionHealthCheck : IHealthCheck
{
    private readonly UpgradeRetention _retention;

    /// <summary>Creates the check over <paramref name="retention"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="retention"/> is null.</exception>
    public RetentionHealthCheck(UpgradeRetention retention)
    {
        ArgumentNullException.ThrowIfNull(retention);
        _retention = retention;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var last = _retention.LastRun;
        if (last is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No retention run yet."));
        }

        var data = new Dictionary<string, object> { ["lastRunAt"] = last.At.ToString(), ["removedRecords"] = last.RemovedRecords };
        return Task.FromResult(last.Failed
            ? HealthCheckResult.Degraded($"The last retention run failed ({last.Error}); nothing was removed that was not archived, and the next run goes on where it stopped.", data: data)
            : HealthCheckResult.Healthy("The last retention run succeeded.", data));
    }
}
