using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools.Delivery;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>The hosted dispatcher's scenarios (R-DLV-1…4, issue 11 item 8) on <see cref="SqliteUpgradeStore"/>, a new file per test.</summary>
public sealed class SqliteNotificationDispatcherTests : NotificationDispatcherScenarios, IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private int _count;

    protected override async Task<IUpgradeStore> CreateStoreAsync()
    {
        var store = _database.OpenStore($"dispatcher-{Interlocked.Increment(ref _count)}.db");
        await store.EnsureSchemaAsync();
        return store;
    }

    // xunit disposes the hosts and stores (DisposeAsync) before calling Dispose, so the files are closed by then.
    public void Dispose() => _database.Dispose();
}
