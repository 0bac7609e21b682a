using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;
using static Dataphin.UpgradeKit.Testing.HostTools.RetentionChecks;

namespace Dataphin.UpgradeKit.Tests.Storage;

/// <summary>Retention on the in-memory store (R-RET-1, R-RET-2): generated histories and policies, a crash at every step.</summary>
public sealed class InMemoryRetentionPolicyTests : IDisposable
{
    private readonly DirectoryInfo _archives = Directory.CreateTempSubdirectory("upgradekit-retention-");

    public void Dispose() => _archives.Delete(recursive: true);

    [Fact]
    public async Task Retention_GeneratedHistories_RemoveNothingProtectedAndArchiveEverythingRemovedOnce_EvenAfterACrashAtEachStep_R_RET_1_R_RET_2()
    {
        var removed = 0;
        foreach (var crash in Enum.GetValues<CrashPoint>())
        {
            for (var seed = 1; seed <= 25; seed++)
            {
                removed += await AssertRetentionKeepsItsPromisesAsync(new InMemoryUpgradeStore(), seed, Path.Combine(_archives.FullName, $"{seed}-{crash}"), crash);
            }
        }

        Assert.True(removed > 0, "the generated cases remove nothing: the check would prove nothing");
    }

    /// <summary>Behind the protecting store a host's protector adds, retention archives configurations in their protected form (R-RET-2, R-SEC-6).</summary>
    [Fact]
    public async Task Retention_BehindConfigurationProtection_ArchivesTheProtectedForm_R_RET_2_R_SEC_6()
    {
        var removed = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var store = new ConfigurationProtectingStore(new InMemoryUpgradeStore(), SchemaV2Fixtures.Protector);
            removed += await AssertRetentionKeepsItsPromisesAsync(store, seed, Path.Combine(_archives.FullName, $"protected-{seed}"));
        }

        Assert.True(removed > 0);
    }
}
