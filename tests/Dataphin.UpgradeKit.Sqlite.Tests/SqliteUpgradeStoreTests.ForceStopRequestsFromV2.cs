using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    [Fact]
    public async Task EnsureSchema_RealVersionTwoDatabase_GainsForceStopRequestsAndTheTwoPersonRuleWorks_R_GOV_2()
    {
        SchemaV2Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);

        await store.EnsureSchemaAsync();

        await SchemaV2ForceStopRequestChecks.AssertTwoPersonRuleWorksAsync(store);
    }
}
