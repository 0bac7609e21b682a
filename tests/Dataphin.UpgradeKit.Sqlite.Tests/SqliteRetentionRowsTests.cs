using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Relational;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>
/// Retention on SQLite (R-RET-1): every row that belongs to a record goes with it, and a pin goes with its audit entry.
/// </summary>
public sealed class SqliteRetentionRowsTests : IDisposable
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");

    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Schema_EveryTableWithARecordId_IsRemovedWithItsRecordOrKeptOnPurpose_R_RET_1()
    {
        using (var store = _database.OpenStore())
        {
            await store.EnsureSchemaAsync();
        }

        // A table added later with a record_id column fails here until retention says what happens to its rows.
        var tables = await ReadAllAsync(
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'record_id')");

        Assert.Equal(tables.Cast<string>().Order(StringComparer.Ordinal),
            RelationalRetention.RemovedTables.Concat(RelationalRetention.KeptTables).Order(StringComparer.Ordinal));
        Assert.Empty(RelationalRetention.RemovedTables.Intersect(RelationalRetention.KeptTables));
    }

    [Fact]
    public async Task Schema_EveryTableRetentionRemovesFrom_FindsARecordsRowsByAnIndex_R_RET_1()
    {
        using (var store = _database.OpenStore())
        {
            await store.EnsureSchemaAsync();
        }

        // A batch removes its records' rows table by table by record id; a table read whole for every batch makes a run
        // slower the more history (and delivered notifications) the store keeps.
        foreach (var table in RelationalRetention.RemovedTables)
        {
            var plan = await PlanAsync($"DELETE FROM {table} WHERE record_id IN ('a', 'b')");
            Assert.StartsWith($"SEARCH {table} USING", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("SCAN", plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunOnce_RecordsWithStallEpisodes_RemovesTheirEpisodesWithThem_R_RET_1()
    {
        var removed = 0;
        for (var seed = 1; seed <= 6 && removed == 0; seed++)
        {
            var file = $"stalls{seed}.db";
            using var store = _database.OpenStore(file);
            var history = await RetentionChecks.GenerateAsync(store, seed);
            // One ended stall per record, as the stall watcher leaves them.
            await ExecuteAsync(file,
                "INSERT INTO stall_episodes (id, record_id, reason, started_at, ended_at) SELECT lower(hex(randomblob(16))), id, 1, 0, 1 FROM upgrade_records");
            using var archive = new FileSystemRetentionArchive(Path.Combine(_database.Directory, $"archive{seed}"));
            var run = await new UpgradeRetention(store, archive, new FakeClock(history.Now), new UpgradeKitOptions { Retention = history.Policy }).RunOnceAsync();
            removed = run.RemovedRecords;

            Assert.Equal(0L, (await ReadAllAsync("SELECT count(*) FROM stall_episodes WHERE record_id NOT IN (SELECT id FROM upgrade_records)", file)).Single());
            Assert.Equal((await ReadAllAsync("SELECT count(*) FROM upgrade_records", file)).Single(), (await ReadAllAsync("SELECT count(*) FROM stall_episodes", file)).Single());
        }

        Assert.True(removed > 0, "no generated history removed a record: the check would prove nothing");
    }

    [Fact]
    public async Task Pin_AuditEntryCannotBeWritten_LeavesNoPin_R_RET_1()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 7, 8, 0));
        using var store = _database.OpenStore();
        var features = new UpgradeKitFeatures(store, clock);
        var record = await features.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.0"),
            InitialVersion = ProductVersion.Parse("V5.0.0"),
            Mode = UpgradeMode.Maintenance,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Alice);
        var retention = new UpgradeRetention(store, null, clock);
        await ExecuteAsync("upgrades.db", "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit refused'); END");

        await Assert.ThrowsAsync<UpgradeStoreException>(() => retention.PinAsync(record.Id, Alice));

        Assert.False(await retention.IsPinnedAsync(record.Id));
        Assert.DoesNotContain(await store.ReadAsync(record.Id), e => e.Operation == UpgradeOperation.Pin);
        await ExecuteAsync("upgrades.db", "DROP TRIGGER refuse_audit");
        await retention.PinAsync(record.Id, Alice);
        Assert.True(await retention.IsPinnedAsync(record.Id));
        Assert.Single(await store.ReadAsync(record.Id), e => e.Operation == UpgradeOperation.Pin && e.Actor == "alice" && e.Outcome == AuditOutcome.Accepted);
    }

    private async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.PathOf(file)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // The details of SQLite's plan for a statement, joined.
    private async Task<string> PlanAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.PathOf("upgrades.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var details = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            details.Add(reader.GetString(reader.GetOrdinal("detail")));
        }

        return string.Join(" | ", details);
    }

    private async Task<List<object>> ReadAllAsync(string sql, string file = "upgrades.db")
    {
        await using var connection = new SqliteConnection($"Data Source={_database.PathOf(file)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<object>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetValue(0));
        }

        return rows;
    }
}
