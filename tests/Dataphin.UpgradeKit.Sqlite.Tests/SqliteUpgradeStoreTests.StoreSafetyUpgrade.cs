using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    [Fact]
    public async Task EnsureSchema_RealVersionOneDatabase_R_STORE_3_RecordsStayReadableAndCreationWithAKeyWorks()
    {
        SchemaV1Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.CreateIfMissing = false);

        await store.EnsureSchemaAsync();

        await SchemaV1StoreSafetyChecks.AssertRecordsReadableAndKeyedCreationWorksAsync(store);
    }
}
