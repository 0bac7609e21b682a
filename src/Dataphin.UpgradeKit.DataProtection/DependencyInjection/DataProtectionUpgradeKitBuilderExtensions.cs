using Dataphin.UpgradeKit.DataProtection;
using Dataphin.UpgradeKit.Protection;
using Microsoft.AspNetCore.DataProtection;
using Dataphin.UpgradeKit.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Protects UpgradeKit's stored configuration files with ASP.NET Core Data Protection.</summary>
public static class DataProtectionUpgradeKitBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="DataProtectionConfigurationProtector"/> as the <see cref="IConfigurationProtector"/>, so the
    /// chosen store keeps configuration files protected at rest. The host sets up Data Protection itself
    /// (<c>services.AddDataProtection()</c>, with a persisted and protected key ring: keys kept only in memory are lost
    /// at every restart, and with them every configuration they protected). Configurations stored before this call
    /// was added stay readable and are protected when their record is next written.
    /// </summary>
    /// <param name="builder">The builder <c>AddUpgradeKit</c> returned.</param>
    /// <param name="purpose">The Data Protection purpose; <see cref="DataProtectionConfigurationProtector.DefaultPurpose"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is empty or white space.</exception>
    /// <exception cref="InvalidOperationException">Another <see cref="IConfigurationProtector"/> was already registered.</exception>
    public static UpgradeKitBuilder ProtectConfigurationsWithDataProtection(this UpgradeKitBuilder builder, string? purpose = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var chosen = purpose ?? DataProtectionConfigurationProtector.DefaultPurpose;
        ArgumentException.ThrowIfNullOrWhiteSpace(chosen, nameof(purpose));
        if (builder.Services.Any(d => d.ServiceType == typeof(IConfigurationProtector)))
        {
            throw new InvalidOperationException("A configuration protector was already registered for UpgradeKit; register exactly one.");
        }

        builder.Services.TryAddSingleton<IConfigurationProtector>(sp =>
            new DataProtectionConfigurationProtector(sp.GetRequiredService<IDataProtectionProvider>(), chosen));
        return builder;
    }
}
