using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Testing.HostTools.RetentionChecks;

namespace Dataphin.UpgradeKit.Tests.Retention;

/// <summary>The audit-entry period (R-RET-1, R-RET-2) on the in-memory store, and its option.</summary>
public sealed class RetentionAuditEntryAgeTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("upgradekit-retention-audit-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task RunOnce_AuditEntryAge_GeneratedHistories_NothingKeptRemovedEveryRemovedEntryArchivedOnce_EvenAfterACrashAtEachStep_R_RET_1_R_RET_2()
    {
        var entries = 0;
        foreach (var crash in Enum.GetValues<CrashPoint>())
        {
            for (var seed = 1; seed <= 25; seed++)
            {
                entries += await AssertAuditEntryPeriodKeepsItsPromisesAsync(new InMemoryUpgradeStore(), seed, Path.Combine(_directory.FullName, $"{seed}-{crash}"), crash);
            }
        }

        Assert.True(entries > 0, "the generated cases remove no audit entry by its period: the check would prove nothing");
    }

    [Fact]
    public async Task RunOnce_AuditEntryAge_OldEntriesOfAFinishedRecordGoAndPinnedOrRunningTrailsStay_R_RET_1()
    {
        var clock = new RetentionPeriodChecks.SettableClock(Instant.FromUtc(2026, 1, 5, 9, 0));

        await RetentionAuditChecks.AssertOldEntriesArchivedAndRemovedExceptKeptTrailsAsync(new InMemoryUpgradeStore(), clock, _directory.FullName);
    }

    [Fact]
    public void AddUpgradeKit_Configuration_AuditEntryAgeBindsIsOffByDefaultAndTooShortNamesItsKey_R_RET_1()
    {
        Assert.Null(new RetentionOptions().AuditEntryAge);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UpgradeKit:Retention:AuditEntryAge"] = "90.00:00:00",
        }).Build();
        using var provider = new ServiceCollection().AddUpgradeKit(configuration.GetSection("UpgradeKit")).UseInMemory().Services.BuildServiceProvider();

        Assert.Equal(Duration.FromDays(90), provider.GetRequiredService<IOptions<UpgradeKitOptions>>().Value.Retention.AuditEntryAge);

        var invalid = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["UpgradeKit:Retention:AuditEntryAge"] = "23:00:00" }).Build();
        using var bad = new ServiceCollection().AddUpgradeKit(invalid.GetSection("UpgradeKit")).UseInMemory().Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(ex.Failures, f => f.StartsWith("UpgradeKit:Retention:AuditEntryAge must be at least", StringComparison.Ordinal));
    }
}
