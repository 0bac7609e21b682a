using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    /// <summary>A real version-2 database upgraded in place: old audit entries have no reason, a new force-stop keeps its own.</summary>
    [Fact]
    public async Task EnsureSchema_RealVersionTwoDatabase_AuditGainsReasonAndDeclarationColumns_R_GOV_1_R_GOV_3()
    {
        SchemaV2Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);

        await store.EnsureSchemaAsync();

        await SchemaV2GovernanceChecks.AssertReasonsAndDeclarationsAsync(store);
    }
}
