using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Dataphin.UpgradeKit.Benchmarks.Storage;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Testing.HostTools;
using Npgsql;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.Delivery;

/// <summary>
/// The sweep's throughput on PostgreSQL (issue 11): a durable database holds <see cref="Notifications"/> pending
/// notifications, ten for each of a tenth as many records (so per-record order limits every claim to one notification
/// of a record), and one or two host instances, each its own store and connection pool, deliver them to a no-op handler
/// through the dispatcher's pass (claim a batch under a lease, hand over, complete), until nothing is left. Before each
/// iteration one statement puts every notification back to pending, unclaimed and unattempted.
/// </summary>
[Config(typeof(Config))]
public class DeliverySweepThroughputBenchmarks
{
    private readonly List<double> _perSecond = [];
    private string _connectionString = "";
    private PostgreSqlUpgradeStore[] _stores = [];
    private UpgradeKitFeatures[] _services = [];

    /// <summary>How many notifications are pending at the start.</summary>
    public static int Notifications => Smoke.Enabled ? 200 : 10_000;

    /// <summary>How many host instances deliver at once.</summary>
    [Params(1, 2)]
    public int Instances { get; set; } = 1;

    /// <summary>A database with the pending notifications and one service per instance.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _connectionString = await BenchmarkDatabases.NewPostgreSqlDatabaseAsync();
        await using (var seed = PostgreSqlUpgradeStore.Create(_connectionString))
        {
            await NotificationSeeding.SeedAsync(seed, Notifications / 10, 10);
        }

        _stores = [.. Enumerable.Range(0, Instances).Select(i => PostgreSqlUpgradeStore.Create(
            _connectionString + ";Application Name=instance-" + i.ToString(CultureInfo.InvariantCulture)))];
        var options = new UpgradeKitOptions();
        options.Delivery.DispatcherEnabled = false;
        _services = [.. _stores.Select(store => new UpgradeKitFeatures(store, SystemClock.Instance, notificationHandler: NoOpHandler.Instance, options: options))];
    }

    /// <summary>Every notification pending again.</summary>
    [IterationSetup]
    public void Reset()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "UPDATE notification_outbox SET delivered_at = NULL, attempts = 0, first_attempted_at = NULL, next_attempt_at = 0, " +
            "lease_token = NULL, lease_until = NULL, last_error = NULL, dead_lettered_at = NULL", connection);
        command.ExecuteNonQuery();
        using var vacuum = new NpgsqlCommand("VACUUM ANALYZE notification_outbox", connection);
        vacuum.ExecuteNonQuery();
    }

    /// <summary>All pending notifications delivered by the instances at once.</summary>
    [Benchmark]
    public async Task<int> DeliverAll()
    {
        var started = Stopwatch.GetTimestamp();
        var delivered = (await Task.WhenAll(_services.Select(s => s.Delivery.DeliverPendingNotificationsAsync()))).Sum();
        _perSecond.Add(delivered / Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (delivered != Notifications)
        {
            throw new InvalidOperationException($"{delivered} of {Notifications} notifications delivered");
        }

        return delivered;
    }

    /// <summary>Prints the notifications per second of every iteration.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        var sorted = _perSecond.Order().ToArray();
        if (sorted.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// sweep throughput, {Instances} instance(s), {Notifications} notifications: median {DeliveryLatencyBenchmarks.Percentile(sorted, 0.50):F0}/s, min {sorted[0]:F0}/s, max {sorted[^1]:F0}/s (n={sorted.Length})"));
        }
    }

    private sealed class NoOpHandler : IUpgradeNotificationHandler
    {
        public static readonly NoOpHandler Instance = new();

        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>One invocation per iteration (each needs its reset), in process, a few iterations.</summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Smoke.Enabled
                ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("delivery-smoke")
                : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
                    .WithInvocationCount(1).WithUnrollFactor(1).WithId("delivery"));
            AddColumn(StatisticColumn.OperationsPerSecond);
        }
    }
}
