using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    [Fact]
    public async Task AnyCall_DirectoryDoesNotExist_ThrowsUpgradeStoreException()
    {
        using var store = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(Path.Combine(_database.Directory, "missing", "upgrades.db")));

        var error = await Assert.ThrowsAsync<UpgradeStoreException>(() => store.FindAsync(UpgradeRecordId.New(_clock.GetCurrentInstant())).AsTask());

        Assert.IsType<SqliteException>(error.InnerException);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_FileIsNotADatabase_ThrowsUpgradeStoreException()
    {
        await File.WriteAllTextAsync(_database.PathOf("garbage.db"), new string('x', 8192));
        using var store = _database.OpenStore("garbage.db");

        await Assert.ThrowsAsync<UpgradeStoreException>(() => store.ListAsync(new UpgradeRecordQuery()));
    }

    [Fact]
    public async Task Write_DatabaseOpenedReadOnly_ThrowsUpgradeStoreExceptionAndReadsStillWork()
    {
        var record = NewRecord();
        using (var writable = _database.OpenStore())
        {
            await writable.InsertAsync(record, Creation(record));
        }

        using var readOnly = new SqliteUpgradeStore(new SqliteUpgradeStoreOptions
        {
            ConnectionString = $"Data Source={_database.PathOf()};Mode=ReadOnly",
            EnsureSchemaOnFirstUse = false,
        });
        var next = (UpgradeRecordSnapshot.From(record) with { CurrentStep = "x", Version = 2 }).ToRecord();

        await Assert.ThrowsAsync<UpgradeStoreException>(() => readOnly.UpdateAsync(next, 1, Change(next)));

        Assert.Equal(record, await readOnly.FindAsync(record.Id));
    }

    [Fact]
    public async Task Write_AnotherWriterHoldsTheLockPastTheBusyTimeout_ThrowsUpgradeStoreExceptionAndWritesNothing()
    {
        var record = NewRecord();
        using var store = _database.OpenStore(configure: o => o.BusyTimeout = TimeSpan.FromMilliseconds(200));
        await store.InsertAsync(record, Creation(record));
        var next = (UpgradeRecordSnapshot.From(record) with { CurrentStep = "blocked", Version = 2 }).ToRecord();

        await using (var blocker = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=false"))
        {
            await blocker.OpenAsync();
            using var transaction = blocker.BeginTransaction(deferred: false);

            await Assert.ThrowsAsync<UpgradeStoreTimeoutException>(() => store.UpdateAsync(next, 1, Change(next)));
        }

        Assert.Equal(record, await store.FindAsync(record.Id));
        await store.UpdateAsync(next, 1, Change(next));
        Assert.Equal(next, await store.FindAsync(record.Id));
    }

    [Fact]
    public async Task BeginTransactionNotDeferred_TakesTheWriteLockWhenItBegins()
    {
        // The store relies on Microsoft.Data.Sqlite's BeginTransaction(deferred: false) issuing BEGIN IMMEDIATE, so a
        // change never upgrades a read lock to a write lock halfway (which could fail with SQLITE_BUSY mid-change).
        using var store = _database.OpenStore();
        await store.EnsureSchemaAsync();
        await using var first = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=false");
        await using var second = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=false;Default Timeout=1");
        await first.OpenAsync();
        await second.OpenAsync();
        using var pragma = second.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 0";
        await pragma.ExecuteNonQueryAsync();

        using var held = first.BeginTransaction(deferred: false);

        var busy = Assert.Throws<SqliteException>(() => second.BeginTransaction(deferred: false));
        Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY: the first transaction already holds the write lock.
    }

    [Fact]
    public async Task Update_FailsAfterTheRecordRowWasWritten_LeavesRecordAuditAndOutboxUnchanged()
    {
        using var store = _database.OpenStore();
        var record = (UpgradeRecordSnapshot.From(NewRecord()) with { Status = UpgradeStatus.Upgrading }).ToRecord();
        await store.InsertAsync(record, Creation(record));
        var earlier = new UpgradeCompletedNotification { Id = Guid.NewGuid(), RecordId = record.Id, OccurredAt = _clock.GetCurrentInstant() };
        var v2 = (UpgradeRecordSnapshot.From(record) with { CurrentStep = "a", Version = 2 }).ToRecord();
        await store.UpdateAsync(v2, 1, Change(v2, earlier));

        // The notification id is already in the outbox, so the last insert of the transaction fails after the record
        // row and the audit entry were written: all of it must roll back.
        var v3 = (UpgradeRecordSnapshot.From(v2) with { Status = UpgradeStatus.Stopped, Version = 3 }).ToRecord();
        await Assert.ThrowsAsync<UpgradeStoreException>(() => store.UpdateAsync(v3, 2, Change(v3, earlier with { OccurredAt = Instant.MaxValue })));

        Assert.Equal(v2, await store.FindAsync(record.Id));
        Assert.Equal(2, (await store.ReadAsync(record.Id)).Count);
        Assert.Equal([earlier], await store.ReadPendingAsync(10));
    }

    [Fact]
    public async Task AnyCall_AfterDispose_ThrowsObjectDisposedException()
    {
        var store = _database.OpenStore();
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ListAsync(new UpgradeRecordQuery()));
    }

    private UpgradeRecord NewRecord() => NewRecord(_clock);

    internal static UpgradeRecord NewRecord(NodaTime.Testing.FakeClock clock) => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(clock.GetCurrentInstant()),
        TargetVersion = ProductVersion.Parse("V5.0.0"),
        InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.ZeroDowntime,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
        Status = UpgradeStatus.Configuring,
        CreatedAt = clock.GetCurrentInstant(),
        CreatedBy = "alice",
        Version = 1,
    }.ToRecord();

    internal static RecordChange Creation(UpgradeRecord record) => Change(record);

    private static RecordChange Change(UpgradeRecord record, params UpgradeNotification[] notifications) =>
        new(new AuditEntry(record.Id, record.CreatedAt, "alice", UpgradeOperation.Create, AuditOutcome.Accepted, null, record.Status,
            ActionReasonCode.None, record.Version, AuditEntry.NoOptions), notifications);
}
