using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Stalls;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// Two host instances on one PostgreSQL database, each with its own store and connection pool, run the stall check at
/// the same moments over the same stalled upgrades: each stall is notified once (R-ETA-2).
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlStallCheckTests(PostgreSqlClusterFixture cluster)
{
    private static readonly OperatorIdentity Bob = new("bob");

    [StoreFact]
    public async Task RunOnceAsync_TwoInstancesCheckingAtOnce_OneNotificationPerStall_R_ETA_2()
    {
        const int Stalled = 20;
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var storeA = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=host-a");
        await using var storeB = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=host-b");
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 8, 0));
        var host = new UpgradeKitFeatures(storeA, clock);
        for (var i = 0; i < Stalled; i++)
        {
            var record = await host.Commands.CreateAsync(new NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
                Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            }, Bob);
            await host.HostReports.StartAsync(record.Id);
        }

        // No progress for longer than the default 30 minutes.
        clock.AdvanceMinutes(31);
        var checkA = new UpgradeStallCheck(storeA, clock);
        var checkB = new UpgradeStallCheck(storeB, clock);

        var rounds = new List<StallCheckResult>();
        for (var round = 0; round < 3; round++)
        {
            rounds.AddRange(await Task.WhenAll(Task.Run(() => checkA.RunOnceAsync()), Task.Run(() => checkB.RunOnceAsync())));
            clock.AdvanceMinutes(1);
        }

        Assert.Equal(Stalled, rounds.Sum(r => r.Started));
        Assert.All(rounds, r => Assert.Equal(Stalled, r.Stalled));
        var notifications = (await storeA.ReadPendingAsync(100)).OfType<UpgradeStalledNotification>().ToList();
        Assert.Equal(Stalled, notifications.Count);
        Assert.Equal(Stalled, notifications.Select(n => n.RecordId).Distinct().Count());
        Assert.All(notifications, n => Assert.Equal(StallReason.NoProgress, n.Reason));
        Assert.Equal(Stalled, (await storeB.ReadOpenStallsAsync()).Count);
    }
}
