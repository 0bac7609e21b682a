using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Storage;
using Dataphin.UpgradeKit.Tests.Support;

namespace Dataphin.UpgradeKit.Tests.Storage;

/// <summary>The store contract, run against <see cref="InMemoryUpgradeStore"/> behind <see cref="ConfigurationProtectingStore"/> (R-SEC-6).</summary>
public sealed class ConfigurationProtectingStoreContractTests : UpgradeStoreContract
{
    protected override Task<IUpgradeStore> CreateStoreAsync() =>
        Task.FromResult<IUpgradeStore>(new ConfigurationProtectingStore(new InMemoryUpgradeStore(), new AesGcmTestProtector()));
}
