using Dataphin.UpgradeKit.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.DependencyInjection;

public class UpgradeKitBuilderTests
{
    [Fact]
    public async Task UseStore_TypedAsTheInterface_ResolvesOneStoreWithoutHanging()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit().UseStore<Dataphin.UpgradeKit.Storage.IUpgradeStore>(_ => new Dataphin.UpgradeKit.Storage.InMemoryUpgradeStore());
        await using var provider = services.BuildServiceProvider();

        var resolve = Task.Run(() => provider.GetRequiredService<Dataphin.UpgradeKit.Storage.IUpgradeStore>());
        Assert.Same(resolve, await Task.WhenAny(resolve, Task.Delay(TimeSpan.FromSeconds(10))));

        Assert.Same(await resolve, provider.GetRequiredService<Dataphin.UpgradeKit.Storage.IUpgradeRecordStore>());
        Assert.NotNull(UpgradeKitFeatures.From(provider));
    }

    [Fact]
    public async Task UseStore_Concrete_IsTheSameSingletonUnderEveryInterface()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit().UseInMemory();
        await using var provider = services.BuildServiceProvider();

        var concrete = provider.GetRequiredService<Dataphin.UpgradeKit.Storage.InMemoryUpgradeStore>();
        Assert.Same(concrete, provider.GetRequiredService<Dataphin.UpgradeKit.Storage.IUpgradeStore>());
        Assert.Same(concrete, provider.GetRequiredService<Dataphin.UpgradeKit.Timeline.ITimelineEventStore>());
        Assert.Same(concrete, provider.GetRequiredService<Dataphin.UpgradeKit.Storage.INotificationOutbox>());
    }
}
