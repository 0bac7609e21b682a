using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// <c>pg_ctl restart -m immediate</c> under load (issue 24 item 5), on a cluster of the test's own so no other test sees
/// the restart: writers on host A, a list watcher on host B (listener and resume after store errors), and host A's
/// delivery of the outbox. The watcher resumes with no gap and no duplicate, every notification is delivered, and every
/// error the writers saw is typed.
/// </summary>
[RequiresPostgreSqlServer]
public sealed class PostgreSqlRestartTests(ITestOutputHelper output)
{
    private static readonly OperatorIdentity Bob = new("bob");
    private static readonly DisplayContext Display = new(DateTimeZone.Utc, CultureInfo.InvariantCulture);

    [StoreFact]
    public async Task ServerRestartedImmediately_R_LIVE_2_WatcherResumesNoGapNoDuplicate_NotificationsDelivered_ErrorsTyped()
    {
        using var cluster = PostgreSqlTestCluster.Start(PostgreSqlServerBinaries.Find()!, durable: true);

        // Durable (fsync, synchronous_commit on): the test clusters' fast settings lose acknowledged commits in a crash,
        // which would rewind the feed and put delivered notifications back, a server misconfiguration rather than the SDK's.
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString() + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE restart_test", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = cluster.ConnectionString("restart_test");
        await using var storeA = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=restart-a", new PostgreSqlUpgradeStoreOptions { EnsureSchemaOnFirstUse = true });
        await using var storeB = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=restart-b", new PostgreSqlUpgradeStoreOptions { EnsureSchemaOnFirstUse = true });
        await storeA.EnsureSchemaAsync();
        storeB.ListenerReconnectDelay = TimeSpan.FromMilliseconds(100);
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromMilliseconds(10));
        var delivered = new ConcurrentBag<Guid>();
        var hostA = new UpgradeKitFeatures(storeA, clock, notificationHandler: new Counting(delivered));
        var log = new OutputLogger();
        var hostB = new UpgradeKitFeatures(storeB, clock, logger: log);

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var from = await hostB.Watches.GetWatchPositionAsync(bound.Token);
        const int Records = 60;
        var watcher = ListWatcher.Start(hostB, Bob, Display, from, bound.Token);

        var errors = new ConcurrentBag<Exception>();
        var created = 0;
        var restartAfter = new TaskCompletionSource();
        async Task WriteAsync(int writer)
        {
            while (Volatile.Read(ref created) < Records)
            {
                try
                {
                    // An idempotency key per record, so a creation whose commit outcome was lost is repeated, not doubled.
                    var n = Volatile.Read(ref created);
                    var request = new NewUpgradeRequest
                    {
                        TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
                        Mode = UpgradeMode.Maintenance,
                        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
                        IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"w{writer}-{n}"),
                    };
                    await hostA.Commands.CreateAsync(request, Bob, bound.Token);
                    if (Interlocked.Increment(ref created) == Records / 2)
                    {
                        restartAfter.TrySetResult();
                    }
                }
#pragma warning disable CA1031 // Every error is collected and asserted typed below.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    errors.Add(ex);
                    await Task.Yield();
                }
            }
        }

        var writers = Task.WhenAll(Enumerable.Range(0, 3).Select(w => Task.Run(() => WriteAsync(w), bound.Token)));
        await restartAfter.Task.WaitAsync(bound.Token);
        var restart = Stopwatch.StartNew();
        cluster.RestartImmediately();
        output.WriteLine($"pg_ctl restart -m immediate took {restart.ElapsedMilliseconds} ms");
        await writers;

        // A last change after every writer stopped: the watcher ends on it, having seen everything before it.
        watcher.StopAfter(await storeA.ReadLastPositionAsync(bound.Token) + 1);
        await hostA.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Bob, bound.Token);
        try
        {
            await watcher.Completion.WaitAsync(bound.Token);
        }
        finally
        {
            output.WriteLine($"watcher saw {watcher.Seen.Count}; created {created}; last position {await storeA.ReadLastPositionAsync()}; from {from}");
            foreach (var line in log.Lines)
            {
                output.WriteLine(line);
            }
        }

        // Delivery after the restart: pass until the outbox is empty.
        var drain = Stopwatch.StartNew();
        while ((await storeA.ReadPendingAsync(1000, bound.Token)).Count > 0)
        {
            try
            {
                await hostA.Delivery.DeliverPendingNotificationsAsync(bound.Token);
            }
            catch (UpgradeStoreException ex)
            {
                errors.Add(ex);
            }
        }

        output.WriteLine($"outbox drained in {drain.ElapsedMilliseconds} ms; writer errors {errors.Count}: {string.Join(", ", errors.Select(e => e.GetType().Name).Distinct())}");

        var feed = await ListWatcher.ReadFeedAsync(storeA, from, bound.Token);

        Assert.Equal(feed, watcher.Seen);
        Assert.All(errors, e => Assert.IsAssignableFrom<UpgradeKitException>(e));
        await using (var read = new NpgsqlConnection(connectionString + ";Pooling=false"))
        {
            await read.OpenAsync(bound.Token);
            await using var ids = new NpgsqlCommand("SELECT id FROM notification_outbox", read);
            var stored = new List<Guid>();
            await using var reader = await ids.ExecuteReaderAsync(bound.Token);
            while (await reader.ReadAsync(bound.Token))
            {
                stored.Add(reader.GetGuid(0));
            }

            Assert.Subset(delivered.ToHashSet(), stored.ToHashSet());
            Assert.Superset(stored.ToHashSet(), delivered.ToHashSet());
        }
    }

    private sealed class OutputLogger : Microsoft.Extensions.Logging.ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{eventId.Id} {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
    }

    private sealed class Counting(ConcurrentBag<Guid> delivered) : IUpgradeNotificationHandler
    {
        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
        {
            delivered.Add(notification.Id);
            return Task.CompletedTask;
        }
    }
}
