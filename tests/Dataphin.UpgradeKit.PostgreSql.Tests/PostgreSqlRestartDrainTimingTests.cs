using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// The figures of issue 24 (benchmarks/README.md): two host instances (two service providers in this process, each with
/// its own pool, LISTEN connection and hosted dispatcher, default delivery options) drain 1,000 notifications while the
/// server is restarted with <c>pg_ctl restart -m immediate</c>; a list watcher on instance B follows 50 creations made
/// through instance A across the restart. Measures the drain time, counts duplicate deliveries and the watcher's gap.
/// Set UPGRADEKIT_RESTART_RUNS to repeat (median printed); one run by default.
/// </summary>
[Trait("Category", "Timing")]
[Collection("Timing")]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlRestartDrainTimingTests(ITestOutputHelper output)
{
    private const int Notifications = 1000;
    private static readonly OperatorIdentity Bob = new("bob");
    private static readonly DisplayContext Display = new(DateTimeZone.Utc, CultureInfo.InvariantCulture);

    // Generous: with the default one-minute lease, a completion lost in the restart is delivered again only after it.
    private static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(3);

    [StoreFact]
    public async Task DispatchersAndWatcher_ServerRestartedImmediately_R_DLV_1_R_LIVE_2_DrainAllNoGapDuplicatesExplained()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("UPGRADEKIT_RESTART_RUNS"), out var n) && n > 0 ? n : 1;
        using var cluster = PostgreSqlTestCluster.Start(PostgreSqlServerBinaries.Find()!, durable: true);

        // Durable (fsync, synchronous_commit on): the test clusters' fast settings lose acknowledged commits in a crash,
        // which would rewind the feed and put delivered notifications back, a server misconfiguration rather than the SDK's.
        var drains = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var (drain, duplicates, lostCompletions, expiredLeases, gap) = await RunAsync(cluster, run);
            drains.Add(drain.TotalMilliseconds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: drained {Notifications} in {drain.TotalMilliseconds:F0} ms after the restart returned; {duplicates} duplicates; lost completions logged {lostCompletions}, taken-over leases logged {expiredLeases}; watcher gap {gap}"));
            Assert.Equal(0, gap);
            Assert.True(drain < Ceiling, $"drain took {drain}");
            Assert.True(duplicates <= lostCompletions + expiredLeases, $"{duplicates} duplicates, but only {lostCompletions} lost completions and {expiredLeases} expired leases logged");
        }

        drains.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median drain over {runs} runs: {drains[drains.Count / 2]:F0} ms"));
    }

    private static async Task<(TimeSpan Drain, int Duplicates, int LostCompletions, int ExpiredLeases, int Gap)> RunAsync(PostgreSqlTestCluster cluster, int run)
    {
        var database = string.Create(CultureInfo.InvariantCulture, $"drain_{run}");
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString() + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE " + database, admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = cluster.ConnectionString(database);
        await using (var seeding = PostgreSqlUpgradeStore.Create(connectionString, new PostgreSqlUpgradeStoreOptions { EnsureSchemaOnFirstUse = true }))
        {
            await seeding.EnsureSchemaAsync();
            await NotificationSeeding.SeedAsync(seeding, records: 100, perRecord: Notifications / 100);
        }

        var delivered = new ConcurrentDictionary<Guid, int>();
        var logs = new CountingLogs();
        await using var hostA = Host(connectionString, "a", delivered, logs);
        await using var hostB = Host(connectionString, "b", delivered, logs);
        var serviceA = UpgradeKitFeatures.From(hostA);
        var serviceB = UpgradeKitFeatures.From(hostB);
        using var bound = new CancellationTokenSource(Ceiling + TimeSpan.FromMinutes(1));

        var from = await serviceB.Watches.GetWatchPositionAsync(bound.Token);
        var watcher = ListWatcher.Start(serviceB, Bob, Display, from, bound.Token);

        await Task.WhenAll(new[] { hostA, hostB }.SelectMany(h => h.GetServices<IHostedService>()).Select(s => s.StartAsync(bound.Token)));

        // Restart once delivery is under way, while instance A creates records.
        while (delivered.Count < 100)
        {
            await Task.Delay(5, bound.Token);
        }

        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                try
                {
                    await serviceA.Commands.CreateAsync(new NewUpgradeRequest
                    {
                        TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
                        Mode = UpgradeMode.Maintenance,
                        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
                        IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"drain-{i}"),
                    }, Bob, bound.Token);
                }
                catch (UpgradeStoreException)
                {
                    i--; // The same key again: a creation whose commit was lost is returned, not repeated.
                    await Task.Delay(50, bound.Token);
                }
            }
        }, bound.Token);
        cluster.RestartImmediately();
        var afterRestart = Stopwatch.StartNew();
        while (delivered.Count < Notifications)
        {
            await Task.Delay(10, bound.Token);
        }

        var drain = afterRestart.Elapsed;
        await writing;
        watcher.StopAfter(await serviceA.Watches.GetWatchPositionAsync(bound.Token) + 1);
        await serviceA.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Bob, bound.Token);
        await watcher.Completion.WaitAsync(bound.Token);
        await Task.WhenAll(new[] { hostA, hostB }.SelectMany(h => h.GetServices<IHostedService>()).Select(s => s.StopAsync(CancellationToken.None)));

        var store = hostA.GetRequiredService<Storage.IUpgradeStore>();
        var feed = await ListWatcher.ReadFeedAsync(store, from, bound.Token);

        var gap = feed.Except(watcher.Seen).Count() + (watcher.Seen.Count - watcher.Seen.Distinct().Count());
        return (drain, delivered.Values.Sum() - delivered.Count, logs.Sum(1207), logs.Sum(1204), gap);
    }

    private static ServiceProvider Host(string connectionString, string name, ConcurrentDictionary<Guid, int> delivered, CountingLogs logs)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerProvider>(logs);
        services.AddLogging();
        services.AddSingleton<IUpgradeNotificationHandler>(new Recording(delivered));
        services.AddUpgradeKit().UsePostgreSql(connectionString + ";Application Name=drain-" + name);
        return services.BuildServiceProvider();
    }

    private sealed class Recording(ConcurrentDictionary<Guid, int> delivered) : IUpgradeNotificationHandler
    {
        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
        {
            delivered.AddOrUpdate(notification.Id, 1, (_, count) => count + 1);
            return Task.CompletedTask;
        }
    }

    /// <summary>Sums the first numeric argument ({Count} / {Lost}) of the dispatcher's lines 1204 and 1207.</summary>
    private sealed class CountingLogs : ILoggerProvider, ILogger
    {
        private readonly ConcurrentDictionary<int, int> _sums = new();

        public int Sum(int eventId) => _sums.GetValueOrDefault(eventId);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is 1204 or 1207 && state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key is "Count" or "Lost").Value is int count)
            {
                _sums.AddOrUpdate(eventId.Id, count, (_, sum) => sum + count);
            }
        }

        public void Dispose()
        {
        }
    }
}
