using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using NodaTime.Testing;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// The cost of each store for what a host does most: one record through its whole life (create, save configuration,
/// start, report progress, steps completed, complete: six committed changes and their reads), and 1,000 progress
/// events appended one report at a time. Ratios are to the in-memory store.
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
public class StoreLifecycleBenchmarks
{
    private static readonly OperatorIdentity Alice = new("alice");
    private static readonly NewUpgradeRequest Request =
        new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        };
    private static readonly byte[] Configuration = new byte[4096];

    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromMilliseconds(1));
    private InMemoryUpgradeStore _memory = null!;
    private SqliteUpgradeStore _sqlite = null!;
    private PostgreSqlUpgradeStore _postgres = null!;
    private UpgradeKitFeatures _memoryService = null!;
    private UpgradeKitFeatures _sqliteService = null!;
    private UpgradeKitFeatures _postgresService = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _memory = new InMemoryUpgradeStore();
        (_sqlite, _) = await BenchmarkDatabases.NewSqliteStoreAsync();
        _postgres = PostgreSqlUpgradeStore.Create(await BenchmarkDatabases.NewPostgreSqlDatabaseAsync());
        _memoryService = new UpgradeKitFeatures(_memory, _clock);
        _sqliteService = new UpgradeKitFeatures(_sqlite, _clock);
        _postgresService = new UpgradeKitFeatures(_postgres, _clock);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sqlite.Dispose();
        await _postgres.DisposeAsync();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Lifecycle")]
    public Task<UpgradeRecord> LifecycleInMemory() => LifecycleAsync(_memoryService);

    [Benchmark, BenchmarkCategory("Lifecycle")]
    public Task<UpgradeRecord> LifecycleSqlite() => LifecycleAsync(_sqliteService);

    [Benchmark, BenchmarkCategory("Lifecycle")]
    public Task<UpgradeRecord> LifecyclePostgreSql() => LifecycleAsync(_postgresService);

    [Benchmark(Baseline = true), BenchmarkCategory("Append1000")]
    public Task<int> Append1000InMemory() => Append1000Async(_memory);

    [Benchmark, BenchmarkCategory("Append1000")]
    public Task<int> Append1000Sqlite() => Append1000Async(_sqlite);

    [Benchmark, BenchmarkCategory("Append1000")]
    public Task<int> Append1000PostgreSql() => Append1000Async(_postgres);

    private async Task<UpgradeRecord> LifecycleAsync(UpgradeKitFeatures service)
    {
        var record = await service.Commands.CreateAsync(Request, Alice);
        await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", Configuration, _clock.GetCurrentInstant()), Alice);
        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.ReportProgressAsync(record.Id, new Dataphin.UpgradeKit.Lifecycle.ProgressReport { CurrentStep = "backup" });
        await service.HostReports.MarkStepsCompletedAsync(record.Id);
        return await service.Commands.CompleteAsync(record.Id, Alice);
    }

    private async Task<int> Append1000Async(IUpgradeStore store)
    {
        // A new stream each time, so every append stores a new event.
        var recordId = UpgradeRecordId.New(_clock.GetCurrentInstant());
        var at = _clock.GetCurrentInstant();
        var added = 0;
        for (var i = 0; i < 1000; i++)
        {
            var e = new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingFinished, Subject = "svc-" + i, At = at + Duration.FromMilliseconds(i) };
            added += await store.AppendEventsAsync(recordId, [e]);
        }

        return added;
    }
}
