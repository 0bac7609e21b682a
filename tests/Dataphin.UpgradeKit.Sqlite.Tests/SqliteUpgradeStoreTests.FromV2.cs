using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    /// <summary>
    /// A real version-2 database (tests/fixtures/schema-v2) opened by today's code: every record, its View log and its
    /// configuration download read, those saved before protection was enabled and those protected at rest (R-SEC-6),
    /// and the keyed creation retried finds its record (R-STORE-3).
    /// </summary>
    [Fact]
    public async Task EnsureSchema_RealVersionTwoDatabase_EveryRecordViewLogAndDownloadRead_R_SEC_6_R_STORE_3()
    {
        SchemaV2Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);

        await store.EnsureSchemaAsync();

        Assert.Equal(string.Join(",", Enumerable.Range(1, SqliteUpgradeStore.SchemaVersion)),
            await ScalarAsync("SELECT group_concat(version) FROM schema_version ORDER BY version"));
        await SchemaV2Fixtures.AssertEveryRecordReadsAsync(store);
    }
}
