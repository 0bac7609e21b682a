using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;
using static Dataphin.UpgradeKit.Testing.HostTools.RetentionChecks;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>Retention on SQLite (R-RET-1, R-RET-2): generated histories and policies, with a crash at every step.</summary>
public sealed class SqliteRetentionTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    public static TheoryData<int, CrashPoint> Cases()
    {
        var cases = new TheoryData<int, CrashPoint>();
        foreach (var crash in Enum.GetValues<CrashPoint>())
        {
            for (var seed = 1; seed <= 6; seed++)
            {
                cases.Add(seed, crash);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Retention_GeneratedHistory_RemovesNothingProtectedAndArchivesEverythingRemovedOnce_R_RET_1_R_RET_2(int seed, CrashPoint crash)
    {
        using var store = _database.OpenStore();

        await AssertRetentionKeepsItsPromisesAsync(store, seed, Path.Combine(_database.Directory, "archive"), crash);
    }

    [Fact]
    public async Task Retention_GeneratedHistories_RemoveSomething_R_RET_1()
    {
        var removed = 0;
        for (var seed = 1; seed <= 6; seed++)
        {
            using var store = _database.OpenStore($"s{seed}.db");
            removed += await AssertRetentionKeepsItsPromisesAsync(store, seed, Path.Combine(_database.Directory, $"archive{seed}"));
        }

        Assert.True(removed > 0, "the generated cases remove nothing: the check would prove nothing");
    }
}
