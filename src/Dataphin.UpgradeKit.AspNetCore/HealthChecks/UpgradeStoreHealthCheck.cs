using System.Diagnostics;
using System.Globalization;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dataphin.UpgradeKit.AspNetCore.HealthChecks;

/// <summary>
/// Reports whether the configured upgrade store answers: it lists one record (a page of size 1) within a timeout.
/// Healthy when the store answers in time; the registration's failure status when it throws or is too slow.
/// Thread-safe.
/// </summary>
public sealed class UpgradeStoreHealthCheck : IHealthCheck
{
    /// <summary>The timeout used when none is given: 5 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly IUpgradeRecordStore _store;

    /// <summary>Creates the check over <paramref name="store"/>.</summary>
    /// <param name="store">The store to probe.</param>
    /// <param name="timeout">How long the store may take; <see cref="DefaultTimeout"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public UpgradeStoreHealthCheck(IUpgradeRecordStore store, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var value = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(timeout));
        _store = store;
        Timeout = value;
    }

    /// <summary>How long the store may take to answer.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            // WaitAsync too: a store that ignores its token must not hold the health endpoint hostage.
            await _store.ListAsync(new UpgradeRecordQuery { PageSize = 1 }, timeout.Token).WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"The upgrade store answered in {elapsed.TotalMilliseconds:0} ms."));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                string.Create(CultureInfo.InvariantCulture, $"The upgrade store did not answer within {Timeout.TotalSeconds:0.###} s."));
        }
#pragma warning disable CA1031 // A health check reports any failure of the store as unhealthy instead of throwing.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The upgrade store failed: " + ex.GetType().Name + ".", ex);
        }
    }
}
