using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Npgsql;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// How a list page (newest first, one status, 20 rows) costs as the PostgreSQL table grows from 10 thousand to a million
/// records: the first page, and a page in the middle reached by its continuation token (keyset, so no offset scan).
/// Each setup writes the <c>EXPLAIN (ANALYZE, BUFFERS)</c> of both queries next to the BenchmarkDotNet results.
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
public class RecordListScalingBenchmarks
{
    private static readonly Instant Base = Instant.FromUtc(2020, 1, 1, 0, 0);
    private PostgreSqlUpgradeStore _store = null!;
    private UpgradeRecordQuery _first = null!;
    private UpgradeRecordQuery _middle = null!;

    [ParamsSource(nameof(RecordCounts))]
    public int Records { get; set; }

    public static IEnumerable<int> RecordCounts => Smoke.Enabled ? [1_000] : [10_000, 1_000_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var connectionString = await BenchmarkDatabases.NewPostgreSqlDatabaseAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // Statuses cycle through all nine, one record a minute; ids are distinct uuids.
            await using var seed = new NpgsqlCommand(
                "INSERT INTO upgrade_records (id, version, status, target_version, target_version_key, initial_version, initial_version_key, " +
                "mode, dss_mode, created_at, created_by, force_stop_task_ran, application_shutdown_started) " +
                "SELECT md5(g::text)::uuid, 1, 1 + g % 9, 'V5.0.0', '0000000005.0000000000.0000000000.0000000000', 'V4.3.0', " +
                "'0000000004.0000000003.0000000000.0000000000', 1, 1, @base + g * 600000000::bigint, 'seed', false, false " +
                "FROM generate_series(1, @n) g", connection) { CommandTimeout = 600 };
            seed.Parameters.AddWithValue("@base", Base.ToUnixTimeTicks());
            seed.Parameters.AddWithValue("@n", Records);
            await seed.ExecuteNonQueryAsync();
            await using var analyze = new NpgsqlCommand("VACUUM ANALYZE upgrade_records", connection) { CommandTimeout = 600 };
            await analyze.ExecuteNonQueryAsync();
        }

        _store = PostgreSqlUpgradeStore.Create(connectionString);
        _first = new UpgradeRecordQuery { Statuses = [UpgradeStatus.Succeeded], PageSize = 20 };
        var middleAt = Base + Duration.FromMinutes(Records / 2);
        var cursor = new UpgradeRecordCursor(middleAt, new UpgradeRecordId(Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")));
        _middle = _first with { ContinuationToken = cursor.Encode() };
        await WriteExplainAsync(connectionString);
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _store.DisposeAsync();

    [Benchmark]
    public Task<UpgradeRecordPage> FirstPageStatusFilter() => _store.ListAsync(_first);

    [Benchmark]
    public Task<UpgradeRecordPage> MiddlePageStatusFilter() => _store.ListAsync(_middle);

    /// <summary>Runs EXPLAIN ANALYZE on the exact statements the store sends (built by its internal list builder).</summary>
    private async Task WriteExplainAsync(string connectionString)
    {
        var builder = typeof(Dataphin.UpgradeKit.Relational.ListSql).GetMethod("Build")!;
        var text = new StringBuilder();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var (name, query) in new[] { ("first page", _first), ("middle page", _middle) })
        {
            Func<UpgradeRecordId, object> idValue = id => id.Value;
            var built = (System.Runtime.CompilerServices.ITuple)builder.Invoke(null, [query, query.Validate(), idValue, Enum.ToObject(typeof(Dataphin.UpgradeKit.Relational.ListSql).Assembly.GetType("Dataphin.UpgradeKit.Relational.ListForm", throwOnError: true)!, 0), 4_200,
                Dataphin.UpgradeKit.Relational.RelationalDialect.LateralConfigurationJoin])!;
#pragma warning disable CA2100 // The store's own statement.
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + (string)built[0]!, connection);
#pragma warning restore CA2100
            foreach (var (parameter, value) in (IReadOnlyList<KeyValuePair<string, object>>)built[1]!)
            {
                explain.Parameters.AddWithValue(parameter, value);
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"-- {Records:N0} records, {name}, status = Succeeded, 20 rows");
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }

            text.AppendLine();
        }

        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", string.Create(CultureInfo.InvariantCulture, $"storage-explain-{Records}.txt")), text.ToString());
    }
}
