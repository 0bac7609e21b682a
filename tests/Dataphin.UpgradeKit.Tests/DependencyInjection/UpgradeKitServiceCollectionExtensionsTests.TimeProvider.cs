using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.DependencyInjection;

public partial class UpgradeKitServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddUpgradeKit_HostTimeProviderWithoutClock_IsTheClock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        services.AddUpgradeKit().UseInMemory();
        await using var provider = services.BuildServiceProvider();

        var record = await UpgradeKitFeatures.From(provider).Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);

        Assert.Equal(Instant.FromUtc(2026, 3, 29, 0, 30), record.CreatedAt);
    }
}
