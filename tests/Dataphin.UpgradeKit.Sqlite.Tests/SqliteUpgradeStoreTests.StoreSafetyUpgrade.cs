using Dataphin.UpgradeKit.Service;
using Dataphin.UpgradeKit.Storage;
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
        var service = new UpgradeRecordService(store, _clock);
        var request = new NewUpgradeRequest(ProductVersion.Parse("V6.0.0"), ProductVersion.Parse("V5.1.1"), UpgradeMode.ZeroDowntime,
            DataServiceStudioUpgradeMode.DoNotUpgrade) { IdempotencyKey = "after-the-upgrade" };

        var existing = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        var created = await service.CreateAsync(request, Alice);
        var retried = await service.CreateAsync(request, Alice);

        Assert.Equal(SchemaV1Fixtures.RecordCount, existing.Count);
        foreach (var record in existing)
        {
            var found = await store.FindAsync(record.Id);
            Assert.Equal((record.Status, record.Version, record.Configuration!.FileName), (found!.Status, found.Version, found.Configuration!.FileName));
        }

        Assert.Equal((created.Id, created.Version), (retried.Id, retried.Version));
        Assert.Equal(SchemaV1Fixtures.RecordCount + 1, (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items.Count);
    }
}
