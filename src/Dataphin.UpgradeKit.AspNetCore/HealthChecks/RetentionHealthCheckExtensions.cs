using Dataphin.UpgradeKit.AspNetCore.HealthChecks;
using Dataphin.UpgradeKit.Retention;

// Registration extensions live in the container's namespace, as the framework's AddHealthChecks does.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="RetentionHealthCheck"/>.</summary>
public static class RetentionHealthCheckExtensions
{
    /// <summary>The registration name of the retention check when none is given.</summary>
    public const string DefaultRetentionName = "upgradekit-retention";

    /// <summary>Adds a check of retention: Degraded when the last run of this instance failed.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddUpgradeKitRetentionHealthCheck(this IHealthChecksBuilder builder, string name = DefaultRetentionName,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(name,
            sp => new RetentionHealthCheck(sp.GetRequiredService<UpgradeRetention>()), null, tags));
    }
}
