using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Npgsql;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>R-STORE-3 on a shared server: retries after an unknown outcome are safe, from any instance.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlStoreSafetyTests(PostgreSqlClusterFixture cluster)
{
    private static readonly OperatorIdentity Bob = new("bob");
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromMilliseconds(10));

    [StoreFact]
    public async Task Create_SameKeyConcurrentlyFromTwoInstances_R_STORE_3_StoresOneRecord()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var storeA = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=host-a");
        await using var storeB = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=host-b");
        await storeA.EnsureSchemaAsync();
        var hostA = new UpgradeKitFeatures(storeA, _clock);
        var hostB = new UpgradeKitFeatures(storeB, _clock);

        for (var round = 0; round < 10; round++)
        {
            var request = Request($"console-request-{round}");
            var created = await Task.WhenAll(
                Task.Run(() => hostA.Commands.CreateAsync(request, Bob)), Task.Run(() => hostB.Commands.CreateAsync(request, Bob)),
                Task.Run(() => hostA.Commands.CreateAsync(request, Bob)), Task.Run(() => hostB.Commands.CreateAsync(request, Bob)));

            Assert.Single(created.Select(r => r.Id).Distinct());
            Assert.Single(await storeA.ReadAsync(created[0].Id));
        }

        Assert.Equal(10, (await storeB.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items.Count);
    }

    [StoreFact]
    public async Task Create_ConnectionLostDuringCommit_R_STORE_3_OutcomeUnknownAndTheRetryWithTheKeyCreatesOneRecord()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=doomed");
        await store.EnsureSchemaAsync();
        await using (var admin = new NpgsqlConnection(connectionString + ";Pooling=false"))
        {
            // A deferred trigger runs inside COMMIT: the session is ended there, as a lost connection would end it.
            await admin.OpenAsync();
            await using var setup = new NpgsqlCommand(
                "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3); RETURN NULL; END $$; " +
                "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON audit_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();",
                admin);
            await setup.ExecuteNonQueryAsync();
        }

        var service = new UpgradeKitFeatures(store, _clock);
        var request = Request("lost-commit");
        var attempt = Task.Run(() => service.Commands.CreateAsync(request, Bob));
        await using (var admin = new NpgsqlConnection(connectionString + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'doomed' AND query LIKE 'COMMIT%' AND state = 'active'", admin);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
            while ((long)(await kill.ExecuteScalarAsync())! == 0 && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            kill.CommandText = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed' AND query LIKE 'COMMIT%'";
            await kill.ExecuteNonQueryAsync();
            kill.CommandText = "DROP TRIGGER slow_commit ON audit_entries";
            await kill.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<UpgradeStoreException>(() => attempt);
        var retried = await service.Commands.CreateAsync(request, Bob);
        var again = await service.Commands.CreateAsync(request, Bob);

        Assert.False(error.OutcomeKnown);
        Assert.Contains("may or may not be stored", error.Message, StringComparison.Ordinal);
        Assert.Equal(retried, again);
        Assert.Single((await store.ListAsync(new UpgradeRecordQuery())).Items);
    }

    private static NewUpgradeRequest Request(string key) => new NewUpgradeRequest
    {
        TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        IdempotencyKey = key,
    };
}
