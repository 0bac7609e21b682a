using System.Text;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Downloads;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Protection;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Storage;

// R-SEC-6: stored configuration files are protected at rest when the host supplies a protector; only saving and
// downloading a configuration touch its bytes.
public class ConfigurationProtectingStoreTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("database:\n  password: Zq8vT2mW9rLk4xN7\n");

    [Fact]
    public async Task SaveConfiguration_WithProtector_R_SEC_6_StoresProtectedBytesAndDownloadsThePlainOnes()
    {
        var (inner, service, protecting) = Protected();
        var record = await SaveAsync(service);

        var stored = (await inner.ReadConfigurationAsync(record.Id))!;
        Assert.NotEqual(Content, stored.Content.ToArray());
        Assert.True(stored.Content.Span.IndexOf(Content.AsSpan(10, 16)) < 0);
        Assert.Equal("upgrade.yaml", (await inner.FindAsync(record.Id))!.Configuration!.FileName); // the name stays readable for the list and the log

        Assert.Equal(Content, (await protecting.ReadConfigurationAsync(record.Id))!.Content.ToArray());
    }

    [Fact]
    public async Task List_1000RecordsWithProtectedConfigurations_R_SEC_6_UnprotectsNothing()
    {
        var protector = new CountingProtector(new AesGcmTestProtector());
        var service = new UpgradeKitFeatures(new ConfigurationProtectingStore(new InMemoryUpgradeStore(), protector), new FakeClock(ServiceHarness.T0));
        for (var i = 0; i < 1000; i++)
        {
            await SaveAsync(service);
        }

        Assert.Equal(1000, protector.Protects);

        var listed = 0;
        string? token = null;
        do
        {
            var page = await service.Queries.ListAsync(new UpgradeRecordQuery { PageSize = UpgradeRecordQuery.MaxPageSize, ContinuationToken = token });
            listed += page.Items.Count;
            Assert.All(page.Items, r => Assert.Equal("upgrade.yaml", r.Configuration!.FileName));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(1000, listed);
        Assert.Equal(0, protector.Unprotects);
    }

    [Fact]
    public async Task StopAndProgress_ProtectedConfiguration_R_SEC_6_NeitherProtectNorUnprotectNorRewriteIt()
    {
        var protector = new CountingProtector(new AesGcmTestProtector());
        var inner = new InMemoryUpgradeStore();
        var service = new UpgradeKitFeatures(new ConfigurationProtectingStore(inner, protector), new FakeClock(ServiceHarness.T0));
        var record = await SaveAsync(service);
        var sealedBytes = (await inner.ReadConfigurationAsync(record.Id))!.Content.ToArray();

        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { CurrentStep = "step-2" });
        await service.Queries.FindAsync(record.Id);
        await service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(false));

        Assert.Equal((1, 0), (protector.Protects, protector.Unprotects));
        Assert.Equal(sealedBytes, (await inner.ReadConfigurationAsync(record.Id))!.Content.ToArray()); // the same ciphertext: not re-sealed
        Assert.Equal(Content, await DownloadAsync(service, record.Id));
        Assert.Equal(1, protector.Unprotects);
    }

    [Fact]
    public async Task Download_ConfigurationStoredBeforeProtection_R_SEC_6_IsReadAsItIsAndProtectedAtItsNextSave()
    {
        var inner = new InMemoryUpgradeStore();
        var clock = new FakeClock(ServiceHarness.T0);
        var before = new UpgradeKitFeatures(inner, clock);
        var record = await SaveAsync(before);
        Assert.Equal(Content, (await inner.ReadConfigurationAsync(record.Id))!.Content.ToArray()); // the old, plain store

        var protecting = new ConfigurationProtectingStore(inner, new AesGcmTestProtector());
        var after = new UpgradeKitFeatures(protecting, clock);

        Assert.Equal(Content, (await protecting.ReadConfigurationAsync(record.Id))!.Content.ToArray());
        await after.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", Content, ServiceHarness.T0), TestOperators.Ordinary);
        Assert.NotEqual(Content, (await inner.ReadConfigurationAsync(record.Id))!.Content.ToArray());
        Assert.Equal(Content, (await protecting.ReadConfigurationAsync(record.Id))!.Content.ToArray());
    }

    [Fact]
    public async Task Download_TamperedProtectedBytes_R_SEC_6_ThrowsTypedErrorWithTheRecordWhileListingStillWorks()
    {
        var (inner, service, protecting) = Protected();
        var record = await SaveAsync(service);
        var stored = (await inner.FindAsync(record.Id))!;
        var bytes = (await inner.ReadConfigurationAsync(record.Id))!.Content.ToArray();
        bytes[^1] ^= 1;
        var tampered = new ConfigurationFile("upgrade.yaml", bytes, stored.Configuration!.SavedAt);
        await inner.UpdateAsync(stored with { Configuration = tampered.Info, Version = stored.Version + 1 }, stored.Version,
            Change(stored) with { Configuration = tampered });

        var ex = await Assert.ThrowsAsync<ConfigurationProtectionException>(async () => await protecting.ReadConfigurationAsync(record.Id));
        Assert.Equal(record.Id, ex.RecordId);
        Assert.IsAssignableFrom<UpgradeKitException>(ex);
        Assert.Single((await service.Queries.ListAsync(new UpgradeRecordQuery())).Items);
        Assert.NotNull(await service.Queries.FindAsync(record.Id));
    }

    [Fact]
    public async Task Download_ProtectedUnderAnotherKey_R_SEC_6_ThrowsTypedError()
    {
        var (inner, service, _) = Protected();
        var record = await SaveAsync(service);

        var otherKey = new ConfigurationProtectingStore(inner, new AesGcmTestProtector());

        var ex = await Assert.ThrowsAsync<ConfigurationProtectionException>(async () => await otherKey.ReadConfigurationAsync(record.Id));
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
        Assert.Same(store, provider.GetRequiredService<IConfigurationContentStore>());
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
        Assert.NotEqual(Content, (await raw.ReadConfigurationAsync(record.Id))!.Content.ToArray());
    }

    [Fact]
    public void AddUpgradeKit_WithoutProtector_LeavesTheStoreAsChosen()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit().UseInMemory();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryUpgradeStore>(provider.GetRequiredService<IUpgradeStore>());
    }

    private static (InMemoryUpgradeStore Inner, UpgradeKitFeatures Service, ConfigurationProtectingStore Protecting) Protected()
    {
        var inner = new InMemoryUpgradeStore();
        var protecting = new ConfigurationProtectingStore(inner, new AesGcmTestProtector());
        return (inner, new UpgradeKitFeatures(protecting, new FakeClock(ServiceHarness.T0)), protecting);
    }

    private static async Task<UpgradeRecord> SaveAsync(UpgradeKitFeatures service)
    {
        var record = await service.Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);
        return await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", Content, ServiceHarness.T0), TestOperators.Ordinary);
    }

    private static async Task<byte[]> DownloadAsync(UpgradeKitFeatures service, UpgradeRecordId id)
    {
        using var destination = new MemoryStream();
        await service.Queries.DownloadConfigurationAsync(id, TestOperators.Ordinary, new PlainEncryptor(), destination);
        return destination.ToArray();
    }

    private static RecordChange Change(UpgradeRecord record) => new(
        new AuditEntry(record.Id, ServiceHarness.T0, AuditEntry.SystemActor, UpgradeOperation.ReportProgress, AuditOutcome.Accepted,
            record.Status, record.Status, ActionReasonCode.None, record.Version + 1, AuditEntry.NoOptions),
        []);

    private sealed class PlainEncryptor : IConfigurationEncryptor
    {
        public string Encrypt(ConfigurationFile configuration, Stream destination)
        {
            destination.Write(configuration.Content.Span);
            return new string('0', 64);
        }
    }

    private sealed class CountingProtector(IConfigurationProtector inner) : IConfigurationProtector
    {
        private int _protects;
        private int _unprotects;

        public int Protects => Volatile.Read(ref _protects);

        public int Unprotects => Volatile.Read(ref _unprotects);

        public byte[] Protect(ReadOnlySpan<byte> content)
        {
            Interlocked.Increment(ref _protects);
            return inner.Protect(content);
        }

        public byte[] Unprotect(ReadOnlySpan<byte> protectedContent)
        {
            Interlocked.Increment(ref _unprotects);
            return inner.Unprotect(protectedContent);
        }
    }
}
