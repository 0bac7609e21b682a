using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Testing.HostTools.RetentionPeriodChecks;

namespace Dataphin.UpgradeKit.Tests.Retention;

/// <summary>Retention's change-feed period (R-RET-1): bound from configuration, validated, and applied by the in-memory store.</summary>
public sealed class RetentionPeriodTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("upgradekit-retention-periods-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task RunOnce_ChangeFeedAge_InMemoryStoreTrimsOlderRowsAndAWatcherBeforeThemGetsTrimmed_R_RET_1_R_LIVE_2()
    {
        var clock = new SettableClock(Instant.FromUtc(2026, 1, 5, 9, 0));

        await AssertChangeFeedTrimmedToItsPeriodAsync(new InMemoryUpgradeStore(), clock, _directory.FullName);
    }

    [Fact]
    public void AddUpgradeKit_Configuration_ChangeFeedAgeBindsIsOffByDefaultAndTooShortNamesItsKey_R_RET_1()
    {
        Assert.Null(new RetentionOptions().ChangeFeedAge);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UpgradeKit:Retention:ChangeFeedAge"] = "30.00:00:00",
        }).Build();
        using var provider = new ServiceCollection().AddUpgradeKit(configuration.GetSection("UpgradeKit")).UseInMemory().Services.BuildServiceProvider();

        Assert.Equal(Duration.FromDays(30), provider.GetRequiredService<IOptions<UpgradeKitOptions>>().Value.Retention.ChangeFeedAge);

        var invalid = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["UpgradeKit:Retention:ChangeFeedAge"] = "00:30:00" }).Build();
        using var bad = new ServiceCollection().AddUpgradeKit(invalid.GetSection("UpgradeKit")).UseInMemory().Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(ex.Failures, f => f.StartsWith("UpgradeKit:Retention:ChangeFeedAge must be at least", StringComparison.Ordinal));
    }
}
