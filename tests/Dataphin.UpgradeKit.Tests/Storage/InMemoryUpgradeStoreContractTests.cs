using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Storage;

namespace Dataphin.UpgradeKit.Tests.Storage;

/// <summary>The store contract, run against <see cref="InMemoryUpgradeStore"/>.</summary>
public sealed class InMemoryUpgradeStoreContractTests : UpgradeStoreContract
{
    protected override Task<IUpgradeStore> CreateStoreAsync() => Task.FromResult<IUpgradeStore>(new InMemoryUpgradeStore());
}
