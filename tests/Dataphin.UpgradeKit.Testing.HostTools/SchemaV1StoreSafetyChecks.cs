using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>What the store-safety part of schema version 2 (R-STORE-3) promises a database upgraded from version 1.</summary>
public static class SchemaV1StoreSafetyChecks
{
    /// <summary>Every version-1 record reads back as it was, and a creation with an idempotency key works and retries safely.</summary>
    public static async Task AssertRecordsReadableAndKeyedCreationWorksAsync(IUpgradeStore store)
    {
        var service = new UpgradeKitFeatures(store, SystemClock.Instance);
        var bob = new OperatorIdentity("bob");
        var request = new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V6.0.0"), InitialVersion = ProductVersion.Parse("V5.1.1"),
            Mode = UpgradeMode.ZeroDowntime, DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
            IdempotencyKey = "after-the-upgrade",
        };

        var existing = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        var created = await service.Commands.CreateAsync(request, bob);
        var retried = await service.Commands.CreateAsync(request, bob);

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
