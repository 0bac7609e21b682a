using System.Text;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Protection;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Storage;

// R-SEC-6: stored configuration files are protected at rest when the host supplies a protector.
public class ConfigurationProtectingStoreTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("database:\n  password: Zq8vT2mW9rLk4xN7\n");

    [Fact]
    public async Task SaveConfiguration_WithProtector_R_SEC_6_StoresProtectedBytesAndReadsThePlainOnes()
    {
        var (inner, service, _) = Protected();
        var record = await SaveAsync(service);

        var stored = (await inner.FindAsync(record.Id))!.Configuration!;
        Assert.NotEqual(Content, stored.Content.ToArray());
        Assert.True(stored.Content.Span.IndexOf(Content.AsSpan(10, 16)) < 0);
        Assert.Equal("upgrade.yaml", stored.FileName); // the name stays readable for the list and the log

        var read = await service.Queries.FindAsync(record.Id);
        Assert.Equal(Content, read!.Configuration!.Content.ToArray());
        var listed = await service.Queries.ListAsync(new UpgradeRecordQuery());
        Assert.Equal(Content, listed.Items.Single().Configuration!.Content.ToArray());
    }

    [Fact]
    public async Task Find_RecordStoredBeforeProtection_R_SEC_6_IsReadAsItIsAndProtectedAtItsNextWrite()
    {
        var inner = new InMemoryUpgradeStore();
        var clock = new FakeClock(ServiceHarness.T0);
        var before = new UpgradeKitFeatures(inner, clock);
        var record = await SaveAsync(before);
        Assert.Equal(Content, (await inner.FindAsync(record.Id))!.Configuration!.Content.ToArray()); // the old, plain store

        var after = new UpgradeKitFeatures(new ConfigurationProtectingStore(inner, new AesGcmTestProtector()), clock);

        Assert.Equal(Content, (await after.Queries.FindAsync(record.Id))!.Configuration!.Content.ToArray());
        await after.HostReports.StartAsync(record.Id);
        Assert.NotEqual(Content, (await inner.FindAsync(record.Id))!.Configuration!.Content.ToArray());
        Assert.Equal(Content, (await after.Queries.FindAsync(record.Id))!.Configuration!.Content.ToArray());
    }

    [Fact]
    public async Task Find_TamperedProtectedBytes_R_SEC_6_ThrowsTypedErrorWithTheRecord()
    {
        var (inner, service, _) = Protected();
        var record = await SaveAsync(service);
        var stored = (await inner.FindAsync(record.Id))!;
        var bytes = stored.Configuration!.Content.ToArray();
        bytes[^1] ^= 1;
        await inner.UpdateAsync(stored with { Configuration = new ConfigurationFile("upgrade.yaml", bytes, stored.Configuration.SavedAt), Version = stored.Version + 1 },
            stored.Version, Change(stored));

        var ex = await Assert.ThrowsAsync<ConfigurationProtectionException>(async () => await service.Queries.FindAsync(record.Id));
        Assert.Equal(record.Id, ex.RecordId);
        Assert.IsAssignableFrom<UpgradeKitException>(ex);
        await Assert.ThrowsAsync<ConfigurationProtectionException>(() => service.Queries.ListAsync(new UpgradeRecordQuery()));
    }

    [Fact]
    public async Task Find_ProtectedUnderAnotherKey_R_SEC_6_ThrowsTypedError()
    {
        var (inner, service, _) = Protected();
        var record = await SaveAsync(service);

        var otherKey = new ConfigurationProtectingStore(inner, new AesGcmTestProtector());

        var ex = await Assert.ThrowsAsync<ConfigurationProtectionException>(async () => await otherKey.FindAsync(record.Id));
        Assert.DoesNotContain("Zq8v", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUpgradeKit_WithRegisteredProtector_R_SEC_6_PutsTheStoreBehindProtection()
    {
        var protector = new AesGcmTestProtector();
        var services = new ServiceCollection();
        services.AddSingleton<IConfigurationProtector>(protector);
        services.AddUpgradeKit().UseInMemory();
        using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<ConfigurationProtectingStore>(provider.GetRequiredService<IUpgradeStore>());
        Assert.Same(store, provider.GetRequiredService<IUpgradeRecordStore>());
        Assert.IsType<InMemoryUpgradeStore>(store.Inner);
    }

    [Fact]
    public async Task AddUpgradeKit_WithProtectorAndConcreteStore_R_SEC_6_ServiceProtectsAndTheStoreTypeResolvesToTheStore()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit().UseStore(_ => new InMemoryUpgradeStore());
        services.AddSingleton<IConfigurationProtector>(new AesGcmTestProtector()); // after the store: order does not matter
        await using var provider = services.BuildServiceProvider();

        var record = await SaveAsync(UpgradeKitFeatures.From(provider));

        var raw = provider.GetRequiredService<InMemoryUpgradeStore>();
        Assert.Same(raw, ((ConfigurationProtectingStore)provider.GetRequiredService<IUpgradeStore>()).Inner);
        Assert.NotEqual(Content, (await raw.FindAsync(record.Id))!.Configuration!.Content.ToArray());
    }

    [Fact]
    public void AddUpgradeKit_WithoutProtector_LeavesTheStoreAsChosen()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit().UseInMemory();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryUpgradeStore>(provider.GetRequiredService<IUpgradeStore>());
    }

    private static (InMemoryUpgradeStore Inner, UpgradeKitFeatures Service, AesGcmTestProtector Protector) Protected()
    {
        var inner = new InMemoryUpgradeStore();
        var protector = new AesGcmTestProtector();
        return (inner, new UpgradeKitFeatures(new ConfigurationProtectingStore(inner, protector), new FakeClock(ServiceHarness.T0)), protector);
    }

    private static async Task<UpgradeRecord> SaveAsync(UpgradeKitFeatures service)
    {
        var record = await service.Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);
        return await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", Content, ServiceHarness.T0), TestOperators.Ordinary);
    }

    private static RecordChange Change(UpgradeRecord record) => new(
        new AuditEntry(record.Id, ServiceHarness.T0, AuditEntry.SystemActor, UpgradeOperation.ReportProgress, AuditOutcome.Accepted,
            record.Status, record.Status, ActionReasonCode.None, record.Version + 1, AuditEntry.NoOptions),
        []);
}
