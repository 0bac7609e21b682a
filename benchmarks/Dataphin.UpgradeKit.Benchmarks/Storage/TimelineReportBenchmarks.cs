using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// R-TIME-11, issue 13's first benchmark figure: one report of 10 events to a record whose stream already holds 10,000
/// events, against the same report to an empty stream, on each store; the ratio of the two rows is the figure (≤ 1.2×).
/// </summary>
/// <remarks>
/// <para>Before every iteration a new record is given a stream of 10,000 events (ten services reported many times,
/// the usual shape of an upgrade) and a fresh supply of record ids and batches is prepared. Both rows pay for that same
/// setup, outside the measurement, so their databases hold the same rows: the only difference is whether the reported
/// record's own stream is full or empty. What is measured is only the report: the full-stream row appends to the record
/// seeded for that iteration (10,000 events at its first invocation, 10,000 + 10 × <see cref="InvocationsPerIteration"/>
/// at most), the empty-stream row appends to a record that has no event yet.</para>
/// <para>Events are consistent whatever is stored (starts go ever earlier, ends ever later, R-TIME-2), so no report is
/// refused.</para>
/// </remarks>
[Config(typeof(TimelineReportBenchmarkConfig))]
[MemoryDiagnoser]
public class TimelineReportBenchmarks
{
    /// <summary>Reports measured per iteration: enough to time the in-memory store, few enough to keep the stream near 10,000.</summary>
    public const int InvocationsPerIteration = 32;

    private const int Subjects = 10;
    private const int SeedBatch = 1_000;
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 8, 0);
    private readonly Queue<UpgradeRecordId> _emptyRecords = new();
    private readonly Queue<TimelineEvent[]> _batches = new();
    private IUpgradeStore _store = null!;
    private UpgradeRecordId _fullRecord;
    private long _next;

    /// <summary>
    /// The store: SQLite and PostgreSQL with durable commits, and each also without the wait for the disk (SQLite on
    /// tmpfs, PostgreSQL with fsync off), which leaves the store's own work and takes most of the shared disk's noise away.
    /// </summary>
    [Params("InMemory", "Sqlite", "Sqlite-tmpfs", "PostgreSql", "PostgreSql-nofsync")]
    public string Store { get; set; } = "InMemory";

    /// <summary>The events in the full stream: 10,000 (smoke: 1,000).</summary>
    public static int StreamEvents => Smoke.Enabled ? 1_000 : 10_000;

    [GlobalSetup]
    public async Task SetupAsync() => _store = Store switch
    {
        "Sqlite" => (await BenchmarkDatabases.NewSqliteStoreAsync()).Store,
        "Sqlite-tmpfs" => (await BenchmarkDatabases.NewSqliteStoreAsync(onTmpfs: true)).Store,
        "PostgreSql" => PostgreSqlUpgradeStore.Create(await BenchmarkDatabases.NewPostgreSqlDatabaseAsync()),
        "PostgreSql-nofsync" => PostgreSqlUpgradeStore.Create(await BenchmarkDatabases.NewPostgreSqlDatabaseAsync(durable: false)),
        _ => new InMemoryUpgradeStore(),
    };

    [IterationSetup]
    public void SetupIteration() => SetupIterationAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        switch (_store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>One report of ten new events to a record with no event yet.</summary>
    [Benchmark(Baseline = true, Description = "report of 10 to an empty stream")]
    public Task<int> ReportToEmptyStream() => _store.AppendEventsAsync(NextEmptyRecord(), NextBatch());

    /// <summary>The same report to the record seeded with 10,000 events for this iteration.</summary>
    [Benchmark(Description = "report of 10 to a stream of 10,000")]
    public Task<int> ReportToFullStream() => _store.AppendEventsAsync(_fullRecord, NextBatch());

    private async Task SetupIterationAsync()
    {
        _fullRecord = UpgradeRecordId.New(Start);
        for (var seeded = 0; seeded < StreamEvents; seeded += SeedBatch)
        {
            await _store.AppendEventsAsync(_fullRecord, Events(Math.Min(SeedBatch, StreamEvents - seeded)));
        }

        _emptyRecords.Clear();
        _batches.Clear();
        for (var i = 0; i < InvocationsPerIteration; i++)
        {
            _emptyRecords.Enqueue(UpgradeRecordId.New(Start));
            _batches.Enqueue(Events(10));
        }
    }

    // The supplies are sized for one iteration; a run with more invocations (a dry job) makes more on the way.
    private UpgradeRecordId NextEmptyRecord() => _emptyRecords.TryDequeue(out var id) ? id : UpgradeRecordId.New(Start);

    private TimelineEvent[] NextBatch() => _batches.TryDequeue(out var batch) ? batch : Events(10);

    private TimelineEvent[] Events(int count)
    {
        var events = new TimelineEvent[count];
        for (var i = 0; i < count; i++)
        {
            var n = ++_next;
            var subject = "svc-" + (n % Subjects);
            events[i] = n % 2 == 0
                ? new TimelineEvent { Kind = TimelineEventKind.ServiceStartingStarted, Subject = subject, At = Start - Duration.FromMilliseconds(n) }
                : new TimelineEvent { Kind = TimelineEventKind.ServiceStartingFinished, Subject = subject, At = Start + Duration.FromMilliseconds(n) };
        }

        return events;
    }
}
