using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Testing.HostTools.RetentionChecks;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>Retention on PostgreSQL (R-RET-1, R-RET-2): generated histories, a crash at every step, two instances at once.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlRetentionTests(PostgreSqlClusterFixture cluster) : IDisposable
{
    private readonly DirectoryInfo _archives = Directory.CreateTempSubdirectory("upgradekit-retention-");

    public void Dispose() => _archives.Delete(recursive: true);

    [StoreFact]
    public async Task Retention_GeneratedHistories_RemoveNothingProtectedAndArchiveEverythingRemovedOnce_EvenAfterACrashAtEachStep_R_RET_1_R_RET_2()
    {
        var removed = 0;
        foreach (var crash in Enum.GetValues<CrashPoint>())
        {
            for (var seed = 1; seed <= 3; seed++)
            {
                await using var store = PostgreSqlUpgradeStore.Create(await cluster.CreateDatabaseAsync());
                removed += await AssertRetentionKeepsItsPromisesAsync(store, seed, Path.Combine(_archives.FullName, $"{seed}-{crash}"), crash);
            }
        }

        Assert.True(removed > 0, "the generated cases remove nothing: the check would prove nothing");
    }

    /// <summary>
    /// A batch removes its records' rows table by table by record id: every such table has an index led by
    /// <c>record_id</c> that holds every row (not only pending or open ones), so no batch reads a whole table.
    /// </summary>
    [StoreFact]
    public async Task Schema_EveryTableRetentionRemovesFrom_HasAFullIndexLedByRecordId_R_RET_1()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var store = PostgreSqlUpgradeStore.Create(connectionString))
        {
            await store.EnsureSchemaAsync();
        }

        await using var connection = new Npgsql.NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT DISTINCT t.relname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0] " +
            "WHERE a.attname = 'record_id' AND i.indpred IS NULL", connection);
        var indexed = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexed.Add(reader.GetString(0));
            }
        }

        Assert.Empty(Dataphin.UpgradeKit.Relational.RelationalRetention.RemovedTables.Except(indexed));
    }

    /// <summary>Two instances over one database run retention at the same moment: each record is removed and archived once.</summary>
    [StoreFact]
    public async Task Retention_TwoInstancesAtOnce_EachRecordRemovedAndArchivedOnce_R_RET_2()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var first = PostgreSqlUpgradeStore.Create(connectionString, new PostgreSqlUpgradeStoreOptions());
        await using var second = PostgreSqlUpgradeStore.Create(connectionString, new PostgreSqlUpgradeStoreOptions());
        var history = await GenerateAsync(first, seed: 11);
        var options = new UpgradeKitOptions { Retention = history.Policy };
        var clock = new NodaTime.Testing.FakeClock(history.Now);
        using var archiveA = new FileSystemRetentionArchive(Path.Combine(_archives.FullName, "a"));
        using var archiveB = new FileSystemRetentionArchive(Path.Combine(_archives.FullName, "b"));
        using var start = new Barrier(2);

        var runs = await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(); return new UpgradeRetention(first, archiveA, clock, options).RunOnceAsync(); }),
            Task.Run(() => { start.SignalAndWait(); return new UpgradeRetention(second, archiveB, clock, options).RunOnceAsync(); }));
        // Whichever lost the race for the lease ran nothing; a run once more from either finds nothing left.
        var again = await new UpgradeRetention(second, archiveB, clock, options).RunOnceAsync();

        var left = (await first.ListAsync(new UpgradeRecordQuery { PageSize = 500 })).Items.Select(r => r.Id).ToHashSet();
        var removed = history.Before.Keys.Where(id => !left.Contains(id)).ToList();
        Assert.NotEmpty(removed);
        Assert.Equal(removed.Count, runs.Sum(r => r.RemovedRecords) + again.RemovedRecords);
        var archived = new List<UpgradeRecordId>();
        foreach (var directory in new[] { archiveA.Directory, archiveB.Directory })
        {
            if (File.Exists(Path.Combine(directory, FileSystemRetentionArchive.ManifestFileName)))
            {
                await foreach (var record in RetentionArchiveReader.ReadAsync(directory))
                {
                    archived.Add(record.Record.Id);
                }
            }
        }

        Assert.Equal(removed.Order(), archived.Order());
    }
}
