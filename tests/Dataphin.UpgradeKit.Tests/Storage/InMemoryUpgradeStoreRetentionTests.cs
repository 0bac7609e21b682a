using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Storage;

/// <summary>Issue 17 item 6: the in-memory store's growth is bounded when the host asks for it.</summary>
public sealed class InMemoryUpgradeStoreRetentionTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0);

    [Fact]
    public async Task Insert_ManyFinishedRecordsPastTheBound_KeepsAtMostTheBoundNewestFirstAndEveryUnfinishedOne()
    {
        var store = new InMemoryUpgradeStore(new InMemoryUpgradeStoreOptions { MaxFinishedRecords = 100 });
        var unfinished = Record(T0 - Duration.FromDays(1), UpgradeStatus.Upgrading);
        await store.InsertAsync(unfinished, Change(unfinished));
        var finished = new List<UpgradeRecord>();
        for (var i = 0; i < 1000; i++)
        {
            var record = Record(T0 + Duration.FromSeconds(i), UpgradeStatus.Succeeded);
            await store.InsertAsync(record, Change(record));
            await store.AppendEventsAsync(record.Id, [new UpgradeKit.Timeline.TimelineEvent { Kind = UpgradeKit.Timeline.TimelineEventKind.DatabaseBackupStarted, Subject = "metadb", At = record.CreatedAt }]);
            finished.Add(record);
        }

        var kept = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 500 })).Items;

        Assert.InRange(kept.Count(r => r.Status.IsTerminal()), 90, 100);
        Assert.Contains(kept, r => r.Id == unfinished.Id);
        Assert.Equal(finished[^1].Id, kept[0].Id);
        Assert.Null(await store.FindAsync(finished[0].Id));
        Assert.Empty(await store.ReadAsync(finished[0].Id));
        Assert.Empty(await store.ReadEventsAsync(finished[0].Id));
        Assert.Single(await store.ReadEventsAsync(finished[^1].Id));
    }

    [Fact]
    public async Task Insert_NoBound_KeepsEverything()
    {
        var store = new InMemoryUpgradeStore();
        for (var i = 0; i < 300; i++)
        {
            var record = Record(T0 + Duration.FromSeconds(i), UpgradeStatus.Succeeded);
            await store.InsertAsync(record, Change(record));
        }

        Assert.Equal(300, (await store.ListAsync(new UpgradeRecordQuery { PageSize = 500 })).Items.Count);
    }

    [Fact]
    public void Constructor_BoundBelowOne_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new InMemoryUpgradeStore(new InMemoryUpgradeStoreOptions { MaxFinishedRecords = 0 }));

    private static UpgradeRecord Record(Instant createdAt, UpgradeStatus status) => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(createdAt),
        TargetVersion = ProductVersion.Parse("V5.0.0"),
        InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.ZeroDowntime,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
        Status = status,
        CreatedAt = createdAt,
        CreatedBy = "alice",
        Version = 1,
    }.ToRecord();

    private static RecordChange Change(UpgradeRecord record) =>
        new(new AuditEntry(record.Id, record.CreatedAt, "alice", UpgradeOperation.Create, AuditOutcome.Accepted, null, record.Status,
            ActionReasonCode.None, record.Version, AuditEntry.NoOptions), []);
}
