using Dataphin.UpgradeKit.AspNetCore.HealthChecks;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// Registration extensions live in the container's namespace, as the framework's AddHealthChecks does.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="UpgradeStoreHealthCheck"/> and <see cref="NotificationDeliveryHealthCheck"/>.</summary>
public static class UpgradeKitHealthCheckExtensions
{
    /// <summary>The registration name used when none is given.</summary>
    public const string DefaultName = "upgradekit-store";

    /// <summary>The registration name of the delivery check when none is given.</summary>
    public const string DefaultDeliveryName = "upgradekit-delivery";

    /// <summary>Adds a check of the store UpgradeKit was configured with.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="failureStatus">What a failure reports; <see cref="HealthStatus.Unhealthy"/> when null.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    /// <param name="timeout">How long the store may take; <see cref="UpgradeStoreHealthCheck.DefaultTimeout"/> when null.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddUpgradeKitHealthCheck(this IHealthChecksBuilder builder, string name = DefaultName,
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(name,
            sp => new UpgradeStoreHealthCheck(sp.GetRequiredService<IUpgradeRecordStore>(), timeout), failureStatus, tags));
    }

    /// <summary>Adds a check of notification delivery: Degraded while any notification is dead-lettered.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">How long the store may take; <see cref="UpgradeStoreHealthCheck.DefaultTimeout"/> when null.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddUpgradeKitDeliveryHealthCheck(this IHealthChecksBuilder builder, string name = DefaultDeliveryName,
        IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(name,
            sp => new NotificationDeliveryHealthCheck(sp.GetRequiredService<IUpgradeStore>(), timeout), null, tags));
    }

    /// <summary>
    /// Adds health checks to the host, a check of UpgradeKit's store (<see cref="AddUpgradeKitHealthCheck"/>) and one of
    /// its notification delivery (<see cref="AddUpgradeKitDeliveryHealthCheck"/>, named <paramref name="name"/> with
    /// <c>-delivery</c> appended unless it is the default).
    /// </summary>
    /// <param name="builder">The builder <c>AddUpgradeKit</c> returned.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">How long the store may take.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static UpgradeKitBuilder AddHealthCheck(this UpgradeKitBuilder builder, string name = DefaultName, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks()
            .AddUpgradeKitHealthCheck(name, tags: tags, timeout: timeout)
            .AddUpgradeKitDeliveryHealthCheck(name == DefaultName ? DefaultDeliveryName : name + "-delivery", tags, timeout);
        return builder;
    }
}
