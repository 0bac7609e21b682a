using Dataphin.UpgradeKit.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.DependencyInjection;

/// <summary>The exporter's registration (issue 16 item 6): <c>AddUpgradeKit().…().AddConfigurationExport()</c>.</summary>
public sealed class ConfigurationExportServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddConfigurationExport_ResolvesOneExporterOverTheRegisteredService()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit().UseInMemory().AddConfigurationExport().AddConfigurationExport();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var exporter = provider.GetRequiredService<ConfigurationExporter>();

        Assert.Same(exporter, provider.GetRequiredService<ConfigurationExporter>());
        Assert.Single(services, d => d.ServiceType == typeof(ConfigurationExporter));
    }

    [Fact]
    public void AddConfigurationExport_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ((UpgradeKitBuilder)null!).AddConfigurationExport());
    }

    [Fact]
    public void AddConfigurationExport_LivesInTheDependencyInjectionNamespace()
    {
        Assert.Equal("Microsoft.Extensions.DependencyInjection", typeof(ConfigurationExportServiceCollectionExtensions).Namespace);
    }
}
