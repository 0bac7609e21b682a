using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.XunitV3;

namespace Dataphin.UpgradeKit.Testing.XunitV3.Tests;

/// <summary>The store contract, run against <see cref="InMemoryUpgradeStore"/> through the xunit v3 adapter.</summary>
public sealed class InMemoryUpgradeStoreContractTests : UpgradeStoreContract
{
    protected override Task<IUpgradeStore> CreateStoreAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IUpgradeStore>(new InMemoryUpgradeStore());
}
