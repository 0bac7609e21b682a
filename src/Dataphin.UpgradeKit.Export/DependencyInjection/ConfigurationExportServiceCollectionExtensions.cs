using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Queries;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the configuration download of the Export package with the SDK's registration.</summary>
public static class ConfigurationExportServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ConfigurationExporter"/> as a singleton over the registered <see cref="UpgradeQueries"/>, so a
    /// host resolves it (or takes it as an endpoint parameter) instead of constructing it: <c>services.AddUpgradeKit().UseSqlite(...).AddConfigurationExport()</c>.
    /// Calling it twice registers it once.
    /// </summary>
    /// <param name="builder">The builder <c>AddUpgradeKit</c> returned.</param>
    /// <returns><paramref name="builder"/>, to chain further calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static UpgradeKitBuilder AddConfigurationExport(this UpgradeKitBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(sp => new ConfigurationExporter(sp.GetRequiredService<UpgradeQueries>()));
        return builder;
    }
}
