using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.DependencyInjection;

public class UpgradeKitFeaturesTests
{
    [Fact]
    public async Task From_AfterAddUpgradeKit_IsTheRegisteredFeatureTypes_AndTheBundleItselfIsNotRegistered()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit().UseInMemory();
        await using var provider = services.BuildServiceProvider();

        var features = UpgradeKitFeatures.From(provider);

        Assert.Same(provider.GetRequiredService<UpgradeCommands>(), features.Commands);
        Assert.Same(provider.GetRequiredService<UpgradeHostReports>(), features.HostReports);
        Assert.Same(provider.GetRequiredService<UpgradeQueries>(), features.Queries);
        Assert.Same(provider.GetRequiredService<UpgradeWatches>(), features.Watches);
        Assert.Same(provider.GetRequiredService<NotificationDelivery>(), features.Delivery);
        Assert.Null(provider.GetService<UpgradeKitFeatures>());
    }

    [Fact]
    public async Task Constructor_WithoutAContainer_CommandsAndQueriesShareTheStore()
    {
        var store = new InMemoryUpgradeStore();
        var features = new UpgradeKitFeatures(store, new FakeClock(Instant.FromUtc(2026, 3, 1, 8, 0)));

        var created = await features.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.0.0"),
            InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
        }, new Operators.OperatorIdentity("alice"));

        Assert.Equal(created, await store.FindAsync(created.Id));
        Assert.Equal(created, await features.Queries.FindAsync(created.Id));
        Assert.Throws<ArgumentNullException>(() => UpgradeKitFeatures.From(null!));
    }
}
