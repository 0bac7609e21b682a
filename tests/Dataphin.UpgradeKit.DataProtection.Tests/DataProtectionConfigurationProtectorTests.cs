using System.Security.Cryptography;
using System.Text;
using Dataphin.UpgradeKit.DataProtection;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Protection;
using Dataphin.UpgradeKit.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.DataProtection.Tests;

// R-SEC-6: configuration files protected at rest with ASP.NET Core Data Protection, keys rotated through its key ring.
public sealed class DataProtectionConfigurationProtectorTests : IDisposable
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("database:\n  password: Zq8vT2mW9rLk4xN7\n");
    private static readonly OperatorIdentity Alice = new("alice", "Alice");

    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("upgradekit-keys-");
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        _providers.ForEach(p => p.Dispose());
        _keys.Delete(recursive: true);
    }

    [Fact]
    public void Protect_ThenUnprotect_R_SEC_6_GivesTheContentBackAndHidesIt()
    {
        var protector = new DataProtectionConfigurationProtector(KeyRing());

        var protectedBytes = protector.Protect(Content);

        Assert.True(protectedBytes.AsSpan().IndexOf(Content.AsSpan(10, 16)) < 0);
        Assert.Equal(Content, protector.Unprotect(protectedBytes));
        Assert.NotEqual(protectedBytes, protector.Protect(Content)); // randomized: equal files do not look equal at rest
    }

    [Fact]
    public void Unprotect_AfterKeyRotation_R_SEC_6_OpensWhatTheRetiredKeyProtected()
    {
        using var services = KeyRingServices();
        var protector = new DataProtectionConfigurationProtector(services.GetRequiredService<IDataProtectionProvider>());
        var underOldKey = protector.Protect(Content);
        var keys = services.GetRequiredService<IKeyManager>();
        var oldKey = keys.GetAllKeys().Single();

        var newKey = keys.CreateNewKey(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(90));
        var underNewKey = protector.Protect(Content);

        Assert.NotEqual(oldKey.KeyId, newKey.KeyId);
        Assert.Equal(Content, protector.Unprotect(underOldKey));
        Assert.Equal(Content, protector.Unprotect(underNewKey));
    }

    [Fact]
    public void Unprotect_OtherPurposeOrKeyRingOrRevokedKey_R_SEC_6_Throws()
    {
        using var services = KeyRingServices();
        var provider = services.GetRequiredService<IDataProtectionProvider>();
        var protectedBytes = new DataProtectionConfigurationProtector(provider).Protect(Content);

        Assert.ThrowsAny<CryptographicException>(() => new DataProtectionConfigurationProtector(provider, "another purpose").Unprotect(protectedBytes));
        Assert.ThrowsAny<CryptographicException>(() => new DataProtectionConfigurationProtector(new EphemeralDataProtectionProvider()).Unprotect(protectedBytes));
        services.GetRequiredService<IKeyManager>().RevokeAllKeys(DateTimeOffset.UtcNow.AddSeconds(1), "test");
        Assert.ThrowsAny<CryptographicException>(() => new DataProtectionConfigurationProtector(KeyRing()).Unprotect(protectedBytes)); // the host restarted on the revoked ring
    }

    [Fact]
    public async Task ProtectConfigurationsWithDataProtection_R_SEC_6_StoreHoldsProtectedBytesDownloadReadsPlain()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_keys).SetApplicationName("upgradekit-tests");
        services.AddUpgradeKit().UseInMemory().ProtectConfigurationsWithDataProtection();
        await using var provider = services.BuildServiceProvider();
        var service = UpgradeKitFeatures.From(provider);

        var id = await SaveAsync(service);

        var store = Assert.IsType<ConfigurationProtectingStore>(provider.GetRequiredService<IUpgradeStore>());
        Assert.NotEqual(Content, (await store.Inner.ReadConfigurationAsync(id))!.Content.ToArray());
        Assert.Equal(Content, (await store.ReadConfigurationAsync(id))!.Content.ToArray());
        Assert.Equal(DataProtectionConfigurationProtector.DefaultPurpose,
            Assert.IsType<DataProtectionConfigurationProtector>(provider.GetRequiredService<IConfigurationProtector>()).Purpose);
    }

    [Fact]
    public async Task ReadConfiguration_WithAnotherKeyRing_R_SEC_6_ThrowsTypedError()
    {
        var inner = new InMemoryUpgradeStore();
        var clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 12, 1, 8, 0));
        var id = await SaveAsync(new UpgradeKitFeatures(new ConfigurationProtectingStore(inner, new DataProtectionConfigurationProtector(KeyRing())), clock));

        var lostKeys = new ConfigurationProtectingStore(inner, new DataProtectionConfigurationProtector(new EphemeralDataProtectionProvider()));

        var ex = await Assert.ThrowsAsync<ConfigurationProtectionException>(async () => await lostKeys.ReadConfigurationAsync(id));
        Assert.Equal(id, ex.RecordId);
        Assert.IsAssignableFrom<CryptographicException>(ex.InnerException);
    }

    [Fact]
    public void ProtectConfigurationsWithDataProtection_Twice_OrEmptyPurpose_IsRefused()
    {
        var builder = new ServiceCollection().AddUpgradeKit().UseInMemory().ProtectConfigurationsWithDataProtection("a");
        Assert.Throws<InvalidOperationException>(() => builder.ProtectConfigurationsWithDataProtection("b"));
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddUpgradeKit().ProtectConfigurationsWithDataProtection(" "));
    }

    private IDataProtectionProvider KeyRing()
    {
        var services = KeyRingServices();
        _providers.Add(services);
        return services.GetRequiredService<IDataProtectionProvider>();
    }

    private ServiceProvider KeyRingServices()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_keys).SetApplicationName("upgradekit-tests");
        return services.BuildServiceProvider();
    }

    private static async Task<UpgradeRecordId> SaveAsync(UpgradeKitFeatures service)
    {
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.2"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Alice);
        await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", Content, Instant.FromUtc(2026, 12, 1, 8, 0)), Alice);
        return record.Id;
    }
}
