using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

// The outbox as a leased work queue (R-DLV-2…5): claims, leases, per-record order, retries, dead letters, redrive.
public abstract partial class UpgradeStoreContract
{
    private static readonly Duration Lease = Duration.FromSeconds(30);

    /// <summary>Stores <paramref name="count"/> notifications for each of <paramref name="records"/> new records, one change each, and returns them per record in store order.</summary>
    protected static async Task<List<List<UpgradeNotification>>> StoreNotificationsAsync(IUpgradeStore store, int records, int count)
    {
        var all = new List<List<UpgradeNotification>>();
        for (var r = 0; r < records; r++)
        {
            all.Add([]);
        }

        var stored = new List<UpgradeRecord>();
        for (var r = 0; r < records; r++)
        {
            stored.Add(await InsertAsync(store, NewRecord(T0 + Duration.FromSeconds(r))));
        }

        // Interleaved: the first of every record, then the second of every record, …
        for (var i = 0; i < count; i++)
        {
            for (var r = 0; r < records; r++)
            {
                var record = stored[r];
                var next = (UpgradeRecordSnapshot.From(record) with { Version = record.Version + 1 }).ToRecord();
                var notification = Stopped(record) with { OccurredAt = T0 + Duration.FromMinutes(i) };
                await store.UpdateAsync(next, record.Version, new RecordChange(Audit(next, UpgradeOperation.Stop, record.Status), [notification]));
                stored[r] = next;
                all[r].Add(notification);
            }
        }

        return all;
    }

    /// <summary>A claim hands out only the oldest undelivered notification of each record, counts attempt 1, and the next one only after completion.</summary>
    [StoreFact]
    public async Task Claim_OnlyEachRecordsOldest_ThenItsNextAfterCompletion_R_DLV_3()
    {
        var store = await NewStoreAsync();
        var byRecord = await StoreNotificationsAsync(store, records: 3, count: 2);
        var token = Guid.NewGuid();

        var first = await store.ClaimAsync(token, 10, T0, T0 + Lease);

        Assert.Equal(byRecord.Select(r => r[0].Id), first.Select(c => c.Notification.Id));
        Assert.All(first, c => Assert.Equal(1, c.Notification.Attempt));
        Assert.All(first, c => Assert.Equal(T0, c.FirstAttemptedAt));
        Assert.Equal(byRecord[0][0] with { Attempt = 1 }, first[0].Notification);
        Assert.Empty(await store.ClaimAsync(Guid.NewGuid(), 10, T0, T0 + Lease));

        Assert.Equal(2, await store.CompleteAsync([byRecord[0][0].Id, byRecord[2][0].Id], token, T0));

        var second = await store.ClaimAsync(Guid.NewGuid(), 10, T0, T0 + Lease);
        Assert.Equal([byRecord[0][1].Id, byRecord[2][1].Id], second.Select(c => c.Notification.Id));
        Assert.Equal(4, (await store.ReadPendingAsync(10)).Count);
    }

    /// <summary>A claim takes at most the count asked for, oldest first.</summary>
    [StoreFact]
    public async Task Claim_MaxCount_TakesTheOldestHeads_R_DLV_2()
    {
        var store = await NewStoreAsync();
        var byRecord = await StoreNotificationsAsync(store, records: 4, count: 1);

        var claimed = await store.ClaimAsync(Guid.NewGuid(), 3, T0, T0 + Lease);

        Assert.Equal(byRecord.Take(3).Select(r => r[0].Id), claimed.Select(c => c.Notification.Id));
        Assert.Equal(byRecord[3][0].Id, Assert.Single(await store.ClaimAsync(Guid.NewGuid(), 3, T0, T0 + Lease)).Notification.Id);
    }

    /// <summary>While a lease holds nobody else gets the notification; once it expires another claimant does, attempt 2, and the first token can no longer complete it.</summary>
    [StoreFact]
    public async Task Claim_LeaseExpired_IsTakenOverAndTheOldTokenChangesNothing_R_DLV_2()
    {
        var store = await NewStoreAsync();
        var notification = (await StoreNotificationsAsync(store, 1, 1))[0][0];
        var crashed = Guid.NewGuid();
        var takeover = Guid.NewGuid();
        Assert.Single(await store.ClaimAsync(crashed, 10, T0, T0 + Lease));

        Assert.Empty(await store.ClaimAsync(takeover, 10, T0 + Lease - Duration.FromTicks(1), T0 + Lease + Lease));
        var retaken = Assert.Single(await store.ClaimAsync(takeover, 10, T0 + Lease, T0 + Lease + Lease));

        Assert.Equal(2, retaken.Notification.Attempt);
        Assert.Equal(T0, retaken.FirstAttemptedAt);
        Assert.Equal(0, await store.CompleteAsync([notification.Id], crashed, T0 + Lease));
        Assert.False(await store.FailAsync(notification.Id, crashed, "late", T0 + Lease, T0 + Lease));
        Assert.Equal(1, await store.CompleteAsync([notification.Id], takeover, T0 + Lease));
        Assert.Empty(await store.ReadPendingAsync(10));
        Assert.Equal(0, await store.CompleteAsync([notification.Id], takeover, T0 + Lease));
    }

    /// <summary>A failed attempt is claimable again only from its retry time, and meanwhile holds back only its own record.</summary>
    [StoreFact]
    public async Task Fail_WithRetryTime_BlocksOnlyItsRecordUntilDue_R_DLV_4()
    {
        var store = await NewStoreAsync();
        var byRecord = await StoreNotificationsAsync(store, records: 2, count: 2);
        var token = Guid.NewGuid();
        await store.ClaimAsync(token, 10, T0, T0 + Lease);
        var retryAt = T0 + Duration.FromSeconds(10);

        Assert.True(await store.FailAsync(byRecord[0][0].Id, token, "handler said no", retryAt, T0));
        Assert.Equal(1, await store.CompleteAsync([byRecord[1][0].Id], token, T0));

        var meanwhile = await store.ClaimAsync(Guid.NewGuid(), 10, T0 + Duration.FromSeconds(1), T0 + Lease);
        Assert.Equal(byRecord[1][1].Id, Assert.Single(meanwhile).Notification.Id);
        var due = Assert.Single(await store.ClaimAsync(Guid.NewGuid(), 10, retryAt, retryAt + Lease));
        Assert.Equal(byRecord[0][0].Id, due.Notification.Id);
        Assert.Equal(2, due.Notification.Attempt);
    }

    /// <summary>A dead letter is kept with its error, listed, counted, holds back its record, and after a redrive is claimable with a fresh budget.</summary>
    [StoreFact]
    public async Task DeadLetter_IsListedCountedAndRedrivenOneByOne_R_DLV_4()
    {
        var store = await NewStoreAsync();
        var byRecord = await StoreNotificationsAsync(store, records: 2, count: 2);
        var token = Guid.NewGuid();
        await store.ClaimAsync(token, 10, T0, T0 + Lease);
        var error = "System.InvalidOperationException: " + new string('x', 5000);

        Assert.True(await store.FailAsync(byRecord[0][0].Id, token, error, null, T0 + Duration.FromSeconds(2)));
        Assert.True(await store.FailAsync(byRecord[1][0].Id, token, "second", null, T0 + Duration.FromSeconds(3)));

        Assert.Equal(2, await store.CountDeadLettersAsync());
        var dead = await store.ReadDeadLettersAsync(10);
        Assert.Equal([byRecord[0][0].Id, byRecord[1][0].Id], dead.Select(d => d.Notification.Id));
        Assert.Equal(T0 + Duration.FromSeconds(2), dead[0].DeadLetteredAt);
        Assert.Equal(1, dead[0].Notification.Attempt);
        Assert.True(dead[0].LastError.Length <= DeadLetter.MaxErrorLength);
        Assert.StartsWith("System.InvalidOperationException: xxx", dead[0].LastError, StringComparison.Ordinal);
        Assert.Equal("second", dead[1].LastError);
        Assert.Single(await store.ReadDeadLettersAsync(1));
        Assert.Empty(await store.ClaimAsync(Guid.NewGuid(), 10, T0 + Duration.FromDays(30), T0 + Duration.FromDays(31)));

        Assert.Equal(1, await store.RedriveAsync(byRecord[0][0].Id, T0 + Duration.FromMinutes(1)));
        Assert.Equal(0, await store.RedriveAsync(Guid.NewGuid(), T0 + Duration.FromMinutes(1)));
        Assert.Equal(1, await store.CountDeadLettersAsync());

        var again = Assert.Single(await store.ClaimAsync(Guid.NewGuid(), 10, T0 + Duration.FromMinutes(1), T0 + Duration.FromMinutes(2)));
        Assert.Equal(byRecord[0][0].Id, again.Notification.Id);
        Assert.Equal(1, again.Notification.Attempt);
        Assert.Equal(T0 + Duration.FromMinutes(1), again.FirstAttemptedAt);
    }

    /// <summary>Redriving all puts every dead letter back, and the record's later notifications follow in order.</summary>
    [StoreFact]
    public async Task DeadLetter_RedriveAll_PutsEveryOneBackInOrder_R_DLV_4()
    {
        var store = await NewStoreAsync();
        var byRecord = await StoreNotificationsAsync(store, records: 3, count: 2);
        var token = Guid.NewGuid();
        foreach (var claim in await store.ClaimAsync(token, 10, T0, T0 + Lease))
        {
            await store.FailAsync(claim.Notification.Id, token, "down", null, T0);
        }

        Assert.Equal(3, await store.RedriveAsync(null, T0));
        Assert.Equal(0, await store.CountDeadLettersAsync());
        Assert.Empty(await store.ReadDeadLettersAsync(10));

        var heads = await store.ClaimAsync(token = Guid.NewGuid(), 10, T0, T0 + Lease);
        Assert.Equal(byRecord.Select(r => r[0].Id), heads.Select(c => c.Notification.Id));
        await store.CompleteAsync([.. heads.Select(c => c.Notification.Id)], token, T0);
        Assert.Equal(byRecord.Select(r => r[1].Id), (await store.ClaimAsync(Guid.NewGuid(), 10, T0, T0 + Lease)).Select(c => c.Notification.Id));
    }

    /// <summary>Concurrent claimants on one store never receive the same notification while its lease holds.</summary>
    [StoreFact]
    public async Task Claim_Concurrent_NeverHandsOutOneNotificationTwice_R_DLV_2()
    {
        var store = await NewStoreAsync();
        var byRecord = await StoreNotificationsAsync(store, records: 40, count: 1);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.ClaimAsync(Guid.NewGuid(), 7, T0, T0 + Lease))));

        var ids = claims.SelectMany(c => c).Select(c => c.Notification.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(byRecord.Select(r => r[0].Id).Order(), ids.Order());
    }
}
