using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// R-TIME-11 on each store: the View log panel read from the store's summaries, on a record whose stream holds 10 or
/// 10,000 events. The stream is an upgrade's usual shape: ten services, each reported many times (restarts, repeated
/// reports), so the summaries stay ten rows while the events grow. The report figure is
/// <see cref="TimelineReportBenchmarks"/>.
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
public class TimelineSummaryBenchmarks
{
    private const int Subjects = 10;
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 8, 0);
    private static readonly Duration ShortNode = Duration.FromSeconds(1);
    private IUpgradeStore _store = null!;
    private UpgradeRecord _record = null!;
    private long _next;

    /// <summary>The store.</summary>
    [Params("InMemory", "Sqlite", "PostgreSql")]
    public string Store { get; set; } = "InMemory";

    /// <summary>The events already in the record's stream.</summary>
    [ParamsSource(nameof(StoredEventCounts))]
    public int StoredEvents { get; set; }

    /// <summary>The sizes: ten events, ten thousand (smoke: one thousand).</summary>
    public static IEnumerable<int> StoredEventCounts => Smoke.Enabled ? [10, 1_000] : [10, 10_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = Store switch
        {
            "Sqlite" => (await BenchmarkDatabases.NewSqliteStoreAsync()).Store,
            "PostgreSql" => PostgreSqlUpgradeStore.Create(await BenchmarkDatabases.NewPostgreSqlDatabaseAsync()),
            _ => new InMemoryUpgradeStore(),
        };
        _record = NewRecord(UpgradeRecordId.New(Start));
        for (var seeded = 0; seeded < StoredEvents; seeded += 1_000)
        {
            await _store.AppendEventsAsync(_record.Id, Events(Math.Min(1_000, StoredEvents - seeded)));
        }
    }

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

    /// <summary>The View log panel: the summaries read, folded into the timeline and projected (the audit write left out).</summary>
    [Benchmark]
    public async Task<ViewLogPanel> ViewLog()
    {
        var summaries = await _store.ReadSummariesAsync(_record.Id);
        return RecordProjections.ToViewLog(_record, TimelineAggregator.FromSummaries(summaries), DisplayContext.Default, ShortNode, false);
    }

    // Starts go ever earlier and ends ever later, so every report is consistent (R-TIME-2) whatever is stored.
    private TimelineEvent[] Events(int count)
    {
        var events = new TimelineEvent[count];
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref _next);
            var subject = "svc-" + (n % Subjects);
            events[i] = n % 2 == 0
                ? new TimelineEvent { Kind = TimelineEventKind.ServiceStartingStarted, Subject = subject, At = Start - Duration.FromMilliseconds(n) }
                : new TimelineEvent { Kind = TimelineEventKind.ServiceStartingFinished, Subject = subject, At = Start + Duration.FromMilliseconds(n) };
        }

        return events;
    }

    private static UpgradeRecord NewRecord(UpgradeRecordId id) => new UpgradeRecordSnapshot
    {
        Id = id,
        TargetVersion = ProductVersion.Parse("V5.1.0"),
        InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = UpgradeStatus.Upgrading,
        CreatedAt = Start,
        CreatedBy = "bench",
        UpgradeStartedAt = Start,
        Version = 2,
    }.ToRecord();
}
