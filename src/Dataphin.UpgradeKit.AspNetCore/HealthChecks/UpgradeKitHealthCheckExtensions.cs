using Dataphin.UpgradeKit.AspNetCore.HealthChecks;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// Registration extensions live in the container's namespace, as the framework's AddHealthChecks does.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="UpgradeStoreHealthCheck"/>.</summary>
public static class UpgradeKitHealthCheckExtensions
{
    /// <summary>The registration name used when none is given.</summary>
    public const string DefaultName = "upgradekit-store";

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

    /// <summary>Adds health checks to the host and a check of UpgradeKit's store (<see cref="AddUpgradeKitHealthCheck"/>).</summary>
    /// <param name="builder">The builder <c>AddUpgradeKit</c> returned.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">How long the store may take.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static UpgradeKitBuilder AddHealthCheck(this UpgradeKitBuilder builder, string name = DefaultName, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddUpgradeKitHealthCheck(name, tags: tags, timeout: timeout);
        return builder;
    }
}
