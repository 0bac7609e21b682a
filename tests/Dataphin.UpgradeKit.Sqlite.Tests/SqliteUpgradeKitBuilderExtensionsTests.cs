using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed class SqliteUpgradeKitBuilderExtensionsTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseSqlite_PathOrConnectionString_ServiceStoresInThatFile(bool asConnectionString)
    {
        var path = _database.PathOf("di.db");
        var services = new ServiceCollection();
        services.AddUpgradeKit().UseSqlite(asConnectionString ? $"Data Source={path};Cache=Private" : path);
        UpgradeRecord created;
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.IsType<SqliteUpgradeStore>(provider.GetRequiredService<IUpgradeStore>());
            created = await UpgradeKitFeatures.From(provider).Commands.CreateAsync(
                new NewUpgradeRequest
                {
                    TargetVersion = ProductVersion.Parse("2.0"), InitialVersion = ProductVersion.Parse("1.0"),
                    Mode = UpgradeMode.ZeroDowntime, DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
                },
                new OperatorIdentity("alice"));
        }

        using var reopened = _database.OpenStore("di.db");
        Assert.Equal(created, await reopened.FindAsync(created.Id));
    }

    [Fact]
    public void UseSqlite_AfterAnotherStore_Throws()
    {
        var builder = new ServiceCollection().AddUpgradeKit().UseInMemory();

        Assert.Throws<InvalidOperationException>(() => builder.UseSqlite(_database.PathOf()));
    }
}
