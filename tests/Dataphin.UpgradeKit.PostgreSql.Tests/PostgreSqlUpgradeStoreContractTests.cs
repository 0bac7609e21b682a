using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>The store contract, run against <see cref="PostgreSqlUpgradeStore"/> on a new database per test.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlUpgradeStoreContractTests(PostgreSqlClusterFixture cluster) : UpgradeStoreContract
{
    protected override async Task<IUpgradeStore> CreateStoreAsync() =>
        PostgreSqlUpgradeStore.Create(await cluster.CreateDatabaseAsync());
}
