using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>Retention on SQLite in a host process killed (SIGKILL) at each step, finished by the next process (R-RET-2).</summary>
public sealed class SqliteRetentionProcessKillTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    public static TheoryData<string> Steps => RetentionKillChecks.Steps;

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task RunOnce_HostKilledAtAStep_NextProcessFinishesWithNothingLostAndNothingArchivedTwice_R_RET_2(string step)
    {
        using var store = _database.OpenStore();

        await RetentionKillChecks.AssertKilledRunIsFinishedByTheNextAsync(store, "sqlite", _database.PathOf(), Path.Combine(_database.Directory, "archive"),
            seed: 5, step);
    }
}
