using System.Globalization;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dataphin.UpgradeKit.AspNetCore.HealthChecks;

/// <summary>
/// Reports host notification delivery: Degraded while any notification is dead-lettered (the host has not
/// acted on something, e.g. resuming job scheduling after a stop), Healthy once every dead letter was redriven and
/// none is left. The registration's failure status when the store cannot be asked in time. Thread-safe.
/// </summary>
public sealed class NotificationDeliveryHealthCheck : IHealthCheck
{
    private readonly INotificationDelivery _store;

    /// <summary>Creates the check over <paramref name="store"/>.</summary>
    /// <param name="store">The store whose dead letters are counted.</param>
    /// <param name="timeout">How long the store may take; <see cref="UpgradeStoreHealthCheck.DefaultTimeout"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public NotificationDeliveryHealthCheck(INotificationDelivery store, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var value = timeout ?? UpgradeStoreHealthCheck.DefaultTimeout;
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
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        int dead;
        try
        {
            dead = await _store.CountDeadLettersAsync(timeout.Token).WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A health check reports any failure of the store instead of throwing.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The dead letters of the upgrade store could not be counted: " + ex.GetType().Name + ".", ex);
        }

        var data = new Dictionary<string, object> { ["deadLetters"] = dead };
        return dead == 0
            ? HealthCheckResult.Healthy("No host notification is dead-lettered.", data)
            : HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture,
                $"{dead} host notification(s) are dead-lettered: the host has not acted on them. List them with GetDeadLettersAsync and redrive them once the cause is fixed."),
                data: data);
    }
}
