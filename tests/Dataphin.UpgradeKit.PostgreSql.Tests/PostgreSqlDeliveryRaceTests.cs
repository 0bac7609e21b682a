using System.Collections.Concurrent;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// Two host instances on one PostgreSQL database, each its own service provider, connection pool and running hosted
/// dispatcher, deliver 1,000 notifications of 100 records to a handler that fails 30 % of its calls and now and then
/// runs past its lease (R-DLV-2, R-DLV-3, R-DLV-5). A trigger logs every lease the store grants, so the handlers'
/// observed calls are checked against the real leases, not against the dispatcher's own bookkeeping.
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlDeliveryRaceTests(PostgreSqlClusterFixture cluster, ITestOutputHelper output)
{
    private const int Records = 100;
    private const int PerRecord = 10;
    private static readonly Duration Lease = Duration.FromSeconds(1);
    private static readonly TimeSpan Overrun = TimeSpan.FromMilliseconds(1300);

    [StoreFact]
    public async Task TwoInstances_FailingAndOverrunningHandler_AtLeastOnceInRecordOrderNoSharedLease_R_DLV_2_R_DLV_3()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await DeliveryClaimLog.InstallAsync(connectionString);
        await using (var seedStore = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=seed"))
        {
            await NotificationSeeding.SeedAsync(seedStore, Records, PerRecord);
        }

        var calls = new ConcurrentBag<HandlerCall>();
        var inFlight = new InFlight();
        var hosts = new[]
        {
            Host(connectionString, new RaceHandler("a", seed: 11, calls, inFlight)),
            Host(connectionString, new RaceHandler("b", seed: 23, calls, inFlight)),
        };
        try
        {
            await Task.WhenAll(hosts.SelectMany(h => h.GetServices<IHostedService>()).Select(s => s.StartAsync(CancellationToken.None)));

            // Bounded: on this machine it takes about 10 s; the deadline leaves room for a loaded CI box.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
            while (await DeliveryClaimLog.CountUndeliveredAsync(connectionString) > 0 || inFlight.Count > 0)
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"{await DeliveryClaimLog.CountUndeliveredAsync(connectionString)} notifications still undelivered after 40 s ({calls.Count} handler calls).");
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await Task.WhenAll(host.GetServices<IHostedService>().Select(s => s.StopAsync(CancellationToken.None)));
                await host.DisposeAsync();
            }
        }

        var outbox = await DeliveryClaimLog.ReadOutboxAsync(connectionString);
        var claims = (await DeliveryClaimLog.ReadClaimsAsync(connectionString)).ToDictionary(c => (c.Id, c.Attempt));
        var byId = calls.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Attempt).ToList());
        Assert.Equal(Records * PerRecord, outbox.Count);
        Assert.DoesNotContain(outbox, row => row.DeadLetteredAt is not null);

        // At least once: every notification is marked delivered and some handler call of it succeeded.
        Assert.All(outbox, row => Assert.NotNull(row.DeliveredAt));
        Assert.All(outbox, row => Assert.Contains(byId[row.Id], c => c.Succeeded));

        // Every call is the call of a claim the store granted (its attempt number names it).
        Assert.All(calls, c => Assert.True(claims.ContainsKey((c.Id, c.Attempt)), $"no claim {c.Attempt} of {c.Id}"));

        // R-DLV-2: a notification is claimed again only after its lease ended (expired, or released by its failed call),
        // so two calls of it overlap in time only when the earlier one's lease had run out before the later claim.
        var sharedLeases = 0;
        foreach (var (id, ofId) in byId)
        {
            var attempts = claims.Keys.Where(k => k.Id == id).Select(k => k.Attempt).Order().ToList();
            Assert.Equal(Enumerable.Range(1, attempts.Count), attempts);
            for (var a = 2; a <= attempts.Count; a++)
            {
                var earlier = claims[(id, a - 1)];
                var claimedAt = ClaimedAt(claims[(id, a)]);
                var released = ofId.Any(c => c.Attempt == a - 1 && !c.Succeeded && c.EndTicks <= claimedAt);
                Assert.True(earlier.LeaseUntil <= claimedAt || released,
                    $"claim {a} of {id} was taken while claim {a - 1}'s lease held and its call had not failed");
            }

            foreach (var first in ofId)
            {
                foreach (var second in ofId.Where(c => c.Attempt > first.Attempt && c.StartTicks < first.EndTicks))
                {
                    Assert.True(claims[(id, first.Attempt)].LeaseUntil <= ClaimedAt(claims[(id, second.Attempt)]),
                        $"calls {first.Attempt} and {second.Attempt} of {id} overlapped while {first.Attempt}'s lease held");
                    sharedLeases++;
                }
            }
        }

        // R-DLV-3: a record's notification k+1 is first handed over after a call of k succeeded, and every call of k
        // started before the first call of k+1 (a dispatcher never hands out a notification whose lease has run out).
        foreach (var record in outbox.GroupBy(r => r.RecordId))
        {
            var ordered = record.OrderBy(r => r.Seq).ToList();
            Assert.Equal(PerRecord, ordered.Count);
            for (var k = 1; k < ordered.Count; k++)
            {
                var previous = byId[ordered[k - 1].Id];
                var firstStart = byId[ordered[k].Id].Min(c => c.StartTicks);
                Assert.True(previous.Where(c => c.Succeeded).Min(c => c.EndTicks) <= firstStart,
                    $"notification {k + 1} of record {record.Key} was handed over before notification {k} succeeded");
                Assert.True(previous.Max(c => c.StartTicks) <= firstStart,
                    $"notification {k} of record {record.Key} was handed over again after notification {k + 1}");
            }
        }

        // Duplicates: the store accepts the completion of exactly one claim per notification, the last one (its attempt
        // count stays there); every other successful call is a duplicate, and each comes from a lease that expired and
        // was taken over, never from a lease that still held.
        var final = outbox.ToDictionary(r => r.Id, r => r.Attempts);
        var duplicates = byId.Values.Sum(ofId => ofId.Count(c => c.Succeeded) - 1);
        var takenOver = calls.Where(c => c.Succeeded && c.Attempt != final[c.Id]).ToList();
        Assert.All(byId, kv => Assert.Contains(kv.Value, c => c.Succeeded && c.Attempt == final[kv.Key]));
        Assert.Equal(duplicates, takenOver.Count);
        Assert.All(takenOver, c => Assert.True(claims[(c.Id, c.Attempt)].LeaseUntil <= ClaimedAt(claims[(c.Id, c.Attempt + 1)]),
            $"duplicate call {c.Attempt} of {c.Id} was taken over while its lease held"));

        var overruns = calls.Count(c => c.EndTicks > claims[(c.Id, c.Attempt)].LeaseUntil);
        Assert.True(overruns > 0, "no handler call ran past its lease: the test did not exercise expiry");
        output.WriteLine($"{calls.Count} handler calls ({calls.Count(c => !c.Succeeded)} failed), {claims.Count} claims, {overruns} calls past " +
            $"their lease, {duplicates} duplicate deliveries (all from expired, taken-over leases), {sharedLeases} overlapping calls of one notification.");
    }

    private static long ClaimedAt(DeliveryClaimLog.Claim claim) => claim.LeaseUntil - Lease.BclCompatibleTicks;

    private static ServiceProvider Host(string connectionString, RaceHandler handler)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IUpgradeNotificationHandler>(handler);
        services.AddUpgradeKit(options =>
        {
            options.Delivery.LeaseDuration = Lease;
            options.Delivery.SweepInterval = Duration.FromMilliseconds(100);
            options.Delivery.BackoffBase = Duration.FromMilliseconds(5);
            options.Delivery.BackoffCap = Duration.FromMilliseconds(50);
            options.Delivery.MaxAttempts = 1000;
            options.Delivery.BatchSize = 10;
        }).UsePostgreSql(connectionString + ";Application Name=host-" + handler.Instance);
        return services.BuildServiceProvider();
    }

    /// <summary>One handler call: the notification, the attempt (claim) it came with, when it ran (unix ticks), whether it succeeded.</summary>
    private sealed record HandlerCall(string Instance, Guid Id, int Attempt, long StartTicks, long EndTicks, bool Succeeded);

    private sealed class InFlight
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Enter() => Interlocked.Increment(ref _count);

        public void Leave() => Interlocked.Decrement(ref _count);
    }

    /// <summary>Fails 30 % of calls; two fixed calls and 0.2 % of the others sleep past the lease before answering.</summary>
    private sealed class RaceHandler(string instance, int seed, ConcurrentBag<HandlerCall> calls, InFlight inFlight) : IUpgradeNotificationHandler
    {
        private readonly Random _random = new(seed);
        private int _calls;

        public string Instance => instance;

        public async Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
        {
            inFlight.Enter();
            var start = SystemClock.Instance.GetCurrentInstant().ToUnixTimeTicks();
            var succeeded = false;
            try
            {
                bool fail, overrun;
                int pause;
                lock (_random)
                {
                    var call = ++_calls;
                    fail = _random.NextDouble() < 0.3;
                    overrun = call is 5 or 60 || _random.NextDouble() < 0.002;
                    pause = _random.Next(0, 3);
                }

                await Task.Delay(overrun ? Overrun : TimeSpan.FromMilliseconds(pause), cancellationToken);
                if (fail)
                {
                    throw new InvalidOperationException("injected handler failure");
                }

                succeeded = true;
            }
            finally
            {
                calls.Add(new HandlerCall(instance, notification.Id, notification.Attempt, start,
                    SystemClock.Instance.GetCurrentInstant().ToUnixTimeTicks(), succeeded));
                inFlight.Leave();
            }
        }
    }
}
