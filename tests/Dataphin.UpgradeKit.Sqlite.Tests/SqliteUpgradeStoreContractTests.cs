using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Storage;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>The store contract, run against <see cref="SqliteUpgradeStore"/> on a new database file per test.</summary>
public sealed class SqliteUpgradeStoreContractTests : UpgradeStoreContract, IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private int _count;

    protected override async Task<IUpgradeStore> CreateStoreAsync()
    {
        var store = _database.OpenStore($"contract-{Interlocked.Increment(ref _count)}.db");
        await store.EnsureSchemaAsync();
        return store;
    }

    // xunit disposes the stores (DisposeAsync) before calling Dispose, so the files are closed by then.
    public void Dispose() => _database.Dispose();
}
