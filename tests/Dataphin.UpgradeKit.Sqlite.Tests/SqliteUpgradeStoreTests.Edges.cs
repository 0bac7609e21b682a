using Dataphin.UpgradeKit.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

// Issue 24 item 6: the SQLite store at its edges.
public sealed partial class SqliteUpgradeStoreTests
{
    [Fact]
    public async Task Write_CanceledWhileQueuedForTheWriter_R_STORE_2_ThrowsOperationCanceledAndWritesNothing()
    {
        using var store = _database.OpenStore(configure: o =>
        {
            o.BusyTimeout = TimeSpan.FromSeconds(60);
            o.CheckpointInterval = TimeSpan.FromDays(1); // only the writes take the writer's turn
        });
        await store.EnsureSchemaAsync();
        var head = NewRecord();
        var queued = NewRecord();
        Task headWrite;
        Task queuedWrite;
        using var cancel = new CancellationTokenSource();
        await using (var blocker = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=false"))
        {
            await blocker.OpenAsync();
            using var held = blocker.BeginTransaction(deferred: false);
            headWrite = Task.Run(() => store.InsertAsync(head, Creation(head)));
            await WaitUntilAsync(() => store.WriterTurnTaken);
            queuedWrite = store.InsertAsync(queued, Creation(queued), cancel.Token);
            Assert.False(queuedWrite.IsCompleted); // it waits for its turn behind the head, which waits for the lock

            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queuedWrite);
            Assert.False(headWrite.IsCompleted);
        }

        await headWrite; // the lock was released: the head's write goes through
        Assert.Equal(head, await store.FindAsync(head.Id));
        Assert.Null(await store.FindAsync(queued.Id));
        Assert.Empty(await store.ReadAsync(queued.Id));
        Assert.Equal("ok", await IntegrityCheckAsync(_database.PathOf()));
    }

    [Fact]
    public async Task Writes_TwoStoreInstancesOnOneFile_R_STORE_2_BothWorkAndNothingIsLost()
    {
        using var first = _database.OpenStore();
        using var second = _database.OpenStore();
        await first.EnsureSchemaAsync();
        var records = Enumerable.Range(0, 80).Select(_ => NewRecord()).ToList();

        await Task.WhenAll(records.Select((r, i) => Task.Run(() => (i % 2 == 0 ? first : second).InsertAsync(r, Creation(r)))));
        var updated = records.Select(r => (UpgradeRecordSnapshot.From(r) with { CurrentStep = "both", Version = 2 }).ToRecord()).ToList();
        await Task.WhenAll(updated.Select((r, i) => Task.Run(() => (i % 2 == 0 ? second : first).UpdateAsync(r, 1, Change(r)))));

        foreach (var record in updated)
        {
            Assert.Equal(record, await first.FindAsync(record.Id));
            Assert.Equal(record, await second.FindAsync(record.Id));
        }

        Assert.Equal(records.Count, (await first.ListAsync(new UpgradeRecordQuery { PageSize = 200 })).Items.Count);
        Assert.Equal("ok", await IntegrityCheckAsync(_database.PathOf()));
    }

    /// <summary>
    /// A symbolic link to the database is followed: the store opens the file the link points to (SQLite keeps the -wal
    /// and -shm files next to that file), and R-STORE-1 holds for the file the path leads to: pointing the link at another
    /// file is a replaced database, removing the link a deleted one.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_DatabasePathIsASymlink_R_STORE_1_FollowedAndRetargetingIsAReplacedFile(bool removeLink)
    {
        var real = _database.PathOf("real.db");
        var link = _database.PathOf("link.db");
        using (var create = _database.OpenStore("real.db"))
        {
            await create.EnsureSchemaAsync();
        }

        File.CreateSymbolicLink(link, real);
        using var store = _database.OpenStore("link.db");
        var record = NewRecord();
        await store.InsertAsync(record, Creation(record));

        Assert.True(File.Exists(real + "-wal"), "SQLite keeps the log next to the file the link points to");
        Assert.False(File.Exists(link + "-wal"));
        using (var direct = _database.OpenStore("real.db"))
        {
            Assert.Equal(record, await direct.FindAsync(record.Id));
        }

        File.Delete(link);
        if (!removeLink)
        {
            using (var other = _database.OpenStore("other.db"))
            {
                await other.EnsureSchemaAsync();
            }

            File.CreateSymbolicLink(link, _database.PathOf("other.db"));
        }

        var next = (UpgradeRecordSnapshot.From(record) with { CurrentStep = "after the link changed", Version = 2 }).ToRecord();
        var error = await Assert.ThrowsAsync<UpgradeStoreException>(() => store.UpdateAsync(next, 1, Change(next)));

        Assert.Contains(link, error.Message, StringComparison.Ordinal);
        Assert.Contains(removeLink ? "deleted" : "replaced", error.Message, StringComparison.Ordinal);
        Assert.True(error.OutcomeKnown);
        using var check = _database.OpenStore("real.db");
        Assert.Equal(record, await check.FindAsync(record.Id));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
