using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// How host notifications are delivered: the hosted dispatcher, its leases, its retries and when a
/// notification is dead-lettered. Validated with the other options (<see cref="UpgradeKitOptions.Validate"/>); binds
/// from configuration with <c>AddUpgradeKit(configuration.GetSection("UpgradeKit"))</c>, durations written as .NET
/// writes a <see cref="TimeSpan"/>, e.g. <c>"Delivery": { "SweepInterval": "00:00:05", "MaxAttempts": 10 }</c>.
/// </summary>
public sealed class NotificationDeliveryOptions
{
    /// <summary>
    /// True to run the hosted dispatcher that <c>AddUpgradeKit()</c> registers; false for a host that delivers by calling
    /// <c>NotificationDelivery.DeliverPendingNotificationsAsync</c> itself (on the same leases and retries).
    /// </summary>
    /// <value>The default value is true.</value>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often the dispatcher sweeps the outbox for what no signal announced (a restart, another instance's crash); at most 1 day.</summary>
    /// <value>The default value is 5 seconds.</value>
    public Duration SweepInterval { get; set; } = Duration.FromSeconds(5);

    /// <summary>
    /// How long a claim holds: another instance takes a notification over only after its lease expires. One claim leases
    /// a whole batch (<see cref="BatchSize"/>) and hands its notifications over one after another, so keep it well above
    /// <see cref="BatchSize"/> times the handler's usual time: what is left of a batch when its lease runs out is not
    /// handed over (it goes to the next claim, at the cost of an attempt), and a handler that runs past the lease may see
    /// its notification delivered twice. At most 1 day.
    /// </summary>
    /// <value>The default value is 1 minute.</value>
    public Duration LeaseDuration { get; set; } = Duration.FromMinutes(1);

    /// <summary>How many attempts (claims) a notification gets before it is dead-lettered.</summary>
    /// <value>The default value is 10.</value>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long after its first attempt a failing notification is dead-lettered, whatever its attempts.</summary>
    /// <value>The default value is 1 day.</value>
    public Duration MaxAge { get; set; } = Duration.FromDays(1);

    /// <summary>The first retry waits up to this long; each further one up to twice as long as the one before (full jitter).</summary>
    /// <value>The default value is 1 second.</value>
    public Duration BackoffBase { get; set; } = Duration.FromSeconds(1);

    /// <summary>No retry waits longer than this; at most 1 day.</summary>
    /// <value>The default value is 5 minutes.</value>
    public Duration BackoffCap { get; set; } = Duration.FromMinutes(5);

    /// <summary>How many notifications one claim takes at most.</summary>
    /// <value>The default value is 100.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>The longest <see cref="SweepInterval"/>, <see cref="LeaseDuration"/> and <see cref="BackoffCap"/> accepted.</summary>
    // Longer ones would break the dispatcher rather than slow it: a wait past a timer's range (about 49.7 days) throws,
    // and a lease or retry time far ahead overflows the instants the store keeps.
    internal static readonly Duration MaxInterval = Duration.FromDays(1);

    /// <summary>The problems of these options, each a sentence; empty when valid.</summary>
    internal IEnumerable<string> Problems()
    {
        if (SweepInterval <= Duration.Zero || SweepInterval > MaxInterval)
        {
            yield return $"Delivery.SweepInterval must be positive and at most {MaxInterval} (it is {SweepInterval}).";
        }

        if (LeaseDuration <= Duration.Zero || LeaseDuration > MaxInterval)
        {
            yield return $"Delivery.LeaseDuration must be positive and at most {MaxInterval} (it is {LeaseDuration}).";
        }

        if (MaxAttempts is < 1 or > 1000)
        {
            yield return $"Delivery.MaxAttempts must be between 1 and 1000 (it is {MaxAttempts}).";
        }

        if (MaxAge <= Duration.Zero)
        {
            yield return $"Delivery.MaxAge must be positive (it is {MaxAge}).";
        }

        if (BackoffBase <= Duration.Zero)
        {
            yield return $"Delivery.BackoffBase must be positive (it is {BackoffBase}).";
        }

        if (BackoffCap < BackoffBase || BackoffCap > MaxInterval)
        {
            yield return $"Delivery.BackoffCap must not be shorter than BackoffBase ({BackoffBase}) and at most {MaxInterval} (it is {BackoffCap}).";
        }

        if (BatchSize is < 1 or > 10_000)
        {
            yield return $"Delivery.BatchSize must be between 1 and 10000 (it is {BatchSize}).";
        }
    }
}
