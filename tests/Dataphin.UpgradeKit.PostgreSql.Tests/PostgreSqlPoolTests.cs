using System.Collections.Concurrent;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// The store's connection pool (issue 24 item 3): a connection string without a pool size gets the store's default, sized
/// for several instances; the host's own size wins; and a server too small for the expected instances' pools is found
/// and logged (event 2210). The test cluster runs with max_connections = 300, 3 reserved for superusers.
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlPoolTests(PostgreSqlClusterFixture cluster)
{
    [StoreFact]
    public async Task Create_ConnectionStringWithoutPoolSize_UsesTheStoreDefaultThatFitsSeveralInstances()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var logger = new Capturing();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString, logger: logger);

        var capacity = await store.CheckConnectionCapacityAsync();

        Assert.Equal(PostgreSqlUpgradeStore.DefaultMaximumPoolSize, capacity.PoolSize);
        Assert.Equal(20, capacity.PoolSize);
        Assert.Equal((300, 3, 2), (capacity.MaxConnections, capacity.ReservedConnections, capacity.ExpectedInstances));
        Assert.True(capacity.OpenConnections >= 1);
        Assert.True(capacity.Fits);
        Assert.Empty(logger.Ids);

        // Five instances of 20 fit a server at PostgreSQL's default max_connections of 100 only just not: 100 > 97.
        Assert.False((capacity with { MaxConnections = 100, ExpectedInstances = 5 }).Fits);
        Assert.True((capacity with { MaxConnections = 100, ExpectedInstances = 4 }).Fits);
    }

    [StoreFact]
    public async Task Create_ConnectionStringWithPoolSize_TheHostsSizeWins()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var maximum = PostgreSqlUpgradeStore.Create(connectionString + ";Maximum Pool Size=7");
        await using var max = PostgreSqlUpgradeStore.Create(connectionString + ";maxpoolsize=9");

        Assert.Equal(7, (await maximum.CheckConnectionCapacityAsync()).PoolSize);
        Assert.Equal(9, (await max.CheckConnectionCapacityAsync()).PoolSize);
    }

    [StoreFact]
    public async Task CheckConnectionCapacity_PoolsTooLargeForTheServer_LogsAWarning()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var logger = new Capturing();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString + ";Maximum Pool Size=200",
            new PostgreSqlUpgradeStoreOptions { ExpectedInstances = 2 }, logger);

        var capacity = await store.CheckConnectionCapacityAsync();

        Assert.False(capacity.Fits);
        Assert.Equal([2210], logger.Ids);
    }

    [StoreFact]
    public async Task UsePostgreSql_HostStarts_ChecksThePoolsOnceByItself_AndWarnsWhenTheyDoNotFit()
    {
        // No host code calls the check: the registration's hosted service runs it at start-up.
        var connectionString = await cluster.CreateDatabaseAsync();
        var logger = new Capturing();
        var services = new ServiceCollection();
        services.AddSingleton<ILogger<PostgreSqlUpgradeStore>>(logger);
        services.AddUpgradeKit(o => o.Delivery.DispatcherEnabled = false)
            .UsePostgreSql(connectionString + ";Maximum Pool Size=200", o => o.ExpectedInstances = 2);
        await using var provider = services.BuildServiceProvider();
        var check = provider.GetServices<IHostedService>().OfType<PostgreSqlCapacityCheck>().Single();

        await check.StartAsync(CancellationToken.None);
        await check.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        await check.StopAsync(CancellationToken.None);

        Assert.Equal([2210], logger.Ids);
    }

    [StoreFact]
    public async Task UsePostgreSql_ServerDownAtStart_StartIsNotDelayed_AndTheCheckIsOnlyReportedAtDebug()
    {
        var logger = new Capturing();
        var services = new ServiceCollection();
        services.AddSingleton<ILogger<PostgreSqlUpgradeStore>>(logger);
        services.AddUpgradeKit(o => o.Delivery.DispatcherEnabled = false)
            .UsePostgreSql($"Host=127.0.0.1;Port={FreePort()};Username=nobody;Timeout=2");
        await using var provider = services.BuildServiceProvider();
        var check = provider.GetServices<IHostedService>().OfType<PostgreSqlCapacityCheck>().Single();

        var start = check.StartAsync(CancellationToken.None);

        Assert.True(start.IsCompletedSuccessfully);
        await check.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([2211], logger.Ids);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Capturing : ILogger<PostgreSqlUpgradeStore>
    {
        private readonly ConcurrentQueue<int> _ids = new();

        public IReadOnlyList<int> Ids => [.. _ids.Where(id => id >= 2200)];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _ids.Enqueue(eventId.Id);
    }
}
