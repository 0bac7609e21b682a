using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.HostTools.Delivery;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>The hosted dispatcher's scenarios (R-DLV-1…4, issue 11 item 8) on <see cref="PostgreSqlUpgradeStore"/>, a new database per test.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlNotificationDispatcherTests(PostgreSqlClusterFixture cluster) : NotificationDispatcherScenarios
{
    protected override async Task<IUpgradeStore> CreateStoreAsync() =>
        PostgreSqlUpgradeStore.Create(await cluster.CreateDatabaseAsync());
}
