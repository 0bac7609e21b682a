using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlUpgradeKitBuilderExtensionsTests(PostgreSqlClusterFixture cluster)
{
    private static readonly NewUpgradeRequest Request =
        new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("2.0"), InitialVersion = ProductVersion.Parse("1.0"),
            Mode = UpgradeMode.ZeroDowntime, DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
        };

    [StoreFact]
    public async Task UsePostgreSql_HostDataSource_ServiceStoresThereAndTheDataSourceOutlivesTheContainer()
    {
        await using var dataSource = NpgsqlDataSource.Create(await cluster.CreateDatabaseAsync());
        var services = new ServiceCollection();
        services.AddUpgradeKit().UsePostgreSql(dataSource);
        UpgradeRecord created;
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.IsType<PostgreSqlUpgradeStore>(provider.GetRequiredService<IUpgradeStore>());
            created = await UpgradeKitFeatures.From(provider).Commands.CreateAsync(Request, new OperatorIdentity("alice"));
        }

        await using var store = new PostgreSqlUpgradeStore(dataSource);
        Assert.Equal(created, await store.FindAsync(created.Id));
    }

    [StoreFact]
    public async Task UsePostgreSql_ConnectionStringWithSchemaOnFirstUse_CreatesTheSchema()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit().UsePostgreSql(await cluster.CreateDatabaseAsync(withSchema: false), o => o.EnsureSchemaOnFirstUse = true);
        await using var provider = services.BuildServiceProvider();

        var created = await UpgradeKitFeatures.From(provider).Commands.CreateAsync(Request, new OperatorIdentity("alice"));

        Assert.Equal(created, await provider.GetRequiredService<IUpgradeStore>().FindAsync(created.Id));
    }
}
