using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>A second creation under the same idempotency key stores nothing and returns the first record.</summary>
    [StoreFact]
    public async Task InsertOrGet_SameKeyTwice_R_STORE_3_StoresOneRecordAndReturnsTheFirst()
    {
        var store = await NewStoreAsync();
        var first = NewRecord(T0);
        var retry = NewRecord(T0 + Duration.FromSeconds(1));

        var stored = await store.InsertOrGetAsync(first, "request-1", Creation(first));
        var again = await store.InsertOrGetAsync(retry, "request-1", Creation(retry));

        AssertSameRecord(first, stored);
        AssertSameRecord(first, again);
        Assert.Null(await store.FindAsync(retry.Id));
        Assert.Single(await store.ReadAsync(first.Id));
        Assert.Empty(await store.ReadAsync(retry.Id));
        Assert.Single((await store.ListAsync(new UpgradeRecordQuery())).Items);
    }

    /// <summary>The retry returns the record as it is now, after later changes.</summary>
    [StoreFact]
    public async Task InsertOrGet_SameKeyAfterAChange_R_STORE_3_ReturnsTheCurrentRecord()
    {
        var store = await NewStoreAsync();
        var first = NewRecord(T0);
        await store.InsertOrGetAsync(first, "request-2", Creation(first));
        var changed = (UpgradeRecordSnapshot.From(first) with { CurrentStep = "backup", Version = 2 }).ToRecord();
        await store.UpdateAsync(changed, 1, new RecordChange(Audit(changed, UpgradeOperation.ReportProgress, first.Status), []));

        var again = await store.InsertOrGetAsync(NewRecord(T0 + Duration.FromSeconds(1)), "request-2", Creation(first));

        AssertSameRecord(changed, again);
    }

    /// <summary>Different keys create different records; a key is compared exactly.</summary>
    [StoreFact]
    public async Task InsertOrGet_DifferentKeys_R_STORE_3_StoresBoth()
    {
        var store = await NewStoreAsync();
        var a = NewRecord(T0);
        var b = NewRecord(T0 + Duration.FromSeconds(1));

        await store.InsertOrGetAsync(a, "Key", Creation(a));
        await store.InsertOrGetAsync(b, "key", Creation(b));

        Assert.Equal(2, (await store.ListAsync(new UpgradeRecordQuery())).Items.Count);
    }

    /// <summary>Concurrent creations under one key store exactly one record, and all of them return it.</summary>
    [StoreFact]
    public async Task InsertOrGet_ConcurrentSameKey_R_STORE_3_StoresOneRecord()
    {
        var store = await NewStoreAsync();
        var candidates = Enumerable.Range(0, 8).Select(i => NewRecord(T0 + Duration.FromSeconds(i))).ToList();

        var results = await Task.WhenAll(candidates.Select(r => Task.Run(() => store.InsertOrGetAsync(r, "race", Creation(r)))));

        var winner = Assert.Single((await store.ListAsync(new UpgradeRecordQuery())).Items);
        Assert.All(results, r => Assert.Equal(winner.Id, r.Id));
        Assert.Single(await store.ReadAsync(winner.Id));
    }

    /// <summary>The service's creation with a key is safe to retry, and a reused key with other choices is refused.</summary>
    [StoreFact]
    public async Task Service_CreateWithSameKeyTwice_R_STORE_3_ReturnsOneRecordAndRefusesOtherChoices()
    {
        var store = await NewStoreAsync();
        var service = new UpgradeKitFeatures(store, new NodaTime.Testing.FakeClock(T0, Duration.FromSeconds(1)));
        var alice = new OperatorIdentity("alice");
        var request = new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            IdempotencyKey = "console-request-7",
        };

        var created = await service.Commands.CreateAsync(request, alice);
        var retried = await service.Commands.CreateAsync(request, alice);
        var reused = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() =>
            service.Commands.CreateAsync(request with { Mode = UpgradeMode.ZeroDowntime }, alice));

        Assert.Equal(created, retried);
        Assert.Equal(created.Id, reused.RecordId);
        Assert.Single((await store.ListAsync(new UpgradeRecordQuery())).Items);
    }
}
