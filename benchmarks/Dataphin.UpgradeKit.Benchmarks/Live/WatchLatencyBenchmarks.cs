using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Benchmarks.Storage;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Benchmarks.Live;

/// <summary>
/// Commit-to-watcher latency (issue 13, R-LIVE-1): one timeline report committed through a writer service, until a
/// watcher of the record has its change. <c>InMemory</c> and <c>Sqlite</c> watch in the writer's process;
/// <c>PostgreSqlTwoInstances</c> writes through one store and watches through another (own pool, own LISTEN connection),
/// as two host instances would. Besides BenchmarkDotNet's per-operation time (commit included), every run records the
/// time from the commit's return to the watcher's receipt and prints its p50 and p99 at the end.
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
public class WatchLatencyBenchmarks
{
    private static readonly OperatorIdentity Alice = new("alice");
    private readonly List<double> _afterCommitMs = [];
    private readonly List<IAsyncDisposable> _disposables = [];
    private UpgradeKitFeatures _writer = null!;
    private Channel<long> _received = null!;
    private CancellationTokenSource _stop = null!;
    private Task _watching = null!;
    private UpgradeRecordId _id;
    private int _n;

    /// <summary>Where the record lives and who watches it.</summary>
    [Params("InMemory", "Sqlite", "PostgreSqlTwoInstances")]
    public string Store { get; set; } = "InMemory";

    /// <summary>A running upgrade, and a watcher that reports each change it sees.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        IUpgradeStore writerStore;
        IUpgradeStore watcherStore;
        switch (Store)
        {
            case "InMemory":
                writerStore = watcherStore = new InMemoryUpgradeStore();
                break;
            case "Sqlite":
                var (sqlite, _) = await BenchmarkDatabases.NewSqliteStoreAsync();
                writerStore = watcherStore = sqlite;
                break;
            default:
                var connectionString = await BenchmarkDatabases.NewPostgreSqlDatabaseAsync();
                var a = PostgreSqlUpgradeStore.Create(connectionString);
                var b = PostgreSqlUpgradeStore.Create(connectionString);
                _disposables.Add(a);
                _disposables.Add(b);
                writerStore = a;
                watcherStore = b;
                break;
        }

        _writer = new UpgradeKitFeatures(writerStore, SystemClock.Instance);
        var watcher = new UpgradeKitFeatures(watcherStore, SystemClock.Instance);
        var record = await _writer.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Alice);
        await _writer.HostReports.StartAsync(record.Id);
        _id = record.Id;
        _received = Channel.CreateUnbounded<long>();
        _stop = new CancellationTokenSource();
        var display = new DisplayContext(DateTimeZone.Utc, CultureInfo.InvariantCulture);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _watching = Task.Run(async () =>
        {
            await foreach (var change in watcher.Watches.WatchRecordAsync(_id, Alice, display, cancellationToken: _stop.Token))
            {
                started.TrySetResult();
                await _received.Writer.WriteAsync(Stopwatch.GetTimestamp());
            }
        });
        await started.Task;
        await _received.Reader.ReadAsync(); // the snapshot
    }

    /// <summary>One report committed and seen by the watcher.</summary>
    [Benchmark]
    public async Task CommitToWatcher()
    {
        var n = Interlocked.Increment(ref _n);
        await _writer.HostReports.ReportTimelineEventsAsync(_id, [new TimelineEvent
        {
            Kind = TimelineEventKind.ServiceStoppingStarted,
            Subject = "svc-" + n.ToString(CultureInfo.InvariantCulture),
            At = SystemClock.Instance.GetCurrentInstant(),
        }]);
        var committed = Stopwatch.GetTimestamp();
        var seen = await _received.Reader.ReadAsync();
        _afterCommitMs.Add(Stopwatch.GetElapsedTime(committed, Math.Max(seen, committed)).TotalMilliseconds);
    }

    /// <summary>Stops the watcher and prints the commit-to-watcher percentiles.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        var sorted = _afterCommitMs.Order().ToArray();
        if (sorted.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// commit-to-watcher after the commit returned, {Store}: n={sorted.Length}, p50={Percentile(sorted, 0.50):F3} ms, p99={Percentile(sorted, 0.99):F3} ms, max={sorted[^1]:F3} ms"));
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
