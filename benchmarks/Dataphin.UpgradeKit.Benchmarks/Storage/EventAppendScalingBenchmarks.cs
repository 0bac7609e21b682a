using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// Whether appending stays constant per event as a record's stream grows: one report of 10 new events to a stream that
/// already holds 0 or 100,000 events (the idempotency check is a unique-index probe, not a scan).
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
public class EventAppendScalingBenchmarks
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 8, 0);
    private readonly UpgradeRecordId _recordId = UpgradeRecordId.New(Start);
    private SqliteUpgradeStore _sqlite = null!;
    private PostgreSqlUpgradeStore _postgres = null!;
    private long _next;

    [ParamsSource(nameof(ExistingEventCounts))]
    public int ExistingEvents { get; set; }

    public static IEnumerable<int> ExistingEventCounts => Smoke.Enabled ? [0, 1_000] : [0, 100_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        (_sqlite, var sqlitePath) = await BenchmarkDatabases.NewSqliteStoreAsync();
        var connectionString = await BenchmarkDatabases.NewPostgreSqlDatabaseAsync();
        _postgres = PostgreSqlUpgradeStore.Create(connectionString);
        const string Columns = "(record_id, event_key, kind, subject, at)";
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var seed = new NpgsqlCommand(
                $"INSERT INTO timeline_events {Columns} SELECT @id, md5(g::text), 6, 'seed-' || g, g FROM generate_series(1, @n) g", connection);
            seed.Parameters.AddWithValue("@id", _recordId.Value);
            seed.Parameters.AddWithValue("@n", ExistingEvents);
            await seed.ExecuteNonQueryAsync();
        }

        await using (var connection = new SqliteConnection($"Data Source={sqlitePath};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var seed = connection.CreateCommand();
            seed.CommandText =
                $"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < @n) " +
                $"INSERT INTO timeline_events {Columns} SELECT @id, printf('%064d', n), 6, 'seed-' || n, n FROM g WHERE @n > 0";
            seed.Parameters.AddWithValue("@id", _recordId.ToString());
            seed.Parameters.AddWithValue("@n", ExistingEvents);
            await seed.ExecuteNonQueryAsync();
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sqlite.Dispose();
        await _postgres.DisposeAsync();
    }

    [Benchmark]
    public Task<int> Append10Sqlite() => _sqlite.AppendEventsAsync(_recordId, NextEvents());

    [Benchmark]
    public Task<int> Append10PostgreSql() => _postgres.AppendEventsAsync(_recordId, NextEvents());

    private TimelineEvent[] NextEvents()
    {
        var events = new TimelineEvent[10];
        for (var i = 0; i < events.Length; i++)
        {
            var n = Interlocked.Increment(ref _next);
            events[i] = new TimelineEvent { Kind = TimelineEventKind.ServiceStartingFinished, Subject = "svc-" + n, At = Start + Duration.FromMilliseconds(n) };
        }

        return events;
    }
}
