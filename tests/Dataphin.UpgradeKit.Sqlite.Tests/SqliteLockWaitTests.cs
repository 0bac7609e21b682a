using System.Diagnostics;
using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

// R-STORE-2: waiting for a database lock holds no thread; the host keeps serving everything else. In the Timing
// collection: it runs alone (it measures the thread pool, which the other tests' blocking calls would grow) and one of
// its tests bounds the gaps between timer ticks in wall-clock time.
[Collection("Timing")]
public sealed class SqliteLockWaitTests(ITestOutputHelper output) : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly NodaTime.Testing.FakeClock _clock = new(NodaTime.Instant.FromUtc(2026, 3, 1, 8, 0), NodaTime.Duration.FromSeconds(1));

    public void Dispose() => _database.Dispose();

    [RequiresHostToolFact("sqlite3", "apt-get install sqlite3")]
    [Trait("Category", "Timing")]
    public async Task Writers_AnotherProcessHoldsBeginExclusiveFor15Seconds_R_STORE_2_ThreadPoolKeepsTickingAndNoWriteIsLost()
    {
        using var store = _database.OpenStore();
        // Warm-up: concurrent writes compile the paths (queued and head) first, so that the ticks measure waiting, not the JIT.
        var warmUp = Enumerable.Range(0, 8).Select(_ => NewRecord()).ToList();
        await Task.WhenAll(warmUp.Select(r => Task.Run(() => store.InsertAsync(r, Creation(r)))));
        var records = Enumerable.Range(0, 64).Select(_ => NewRecord()).ToList();
        using var shell = StartSqliteShell(_database.PathOf());
        await shell.StandardInput.WriteLineAsync("BEGIN EXCLUSIVE; SELECT 'locked';");
        await shell.StandardInput.FlushAsync();
        Assert.Equal("locked", await shell.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        var ticks = new List<long>();
        using var timer = new Timer(_ =>
        {
            lock (ticks)
            {
                ticks.Add(Stopwatch.GetTimestamp());
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
        var threadsBefore = ThreadPool.ThreadCount;
        var writes = records.Select(r => Task.Run(() => store.InsertAsync(r, Creation(r)))).ToList();

        await Task.Delay(TimeSpan.FromSeconds(15));
        var threadsWhileHeld = ThreadPool.ThreadCount;
        var outcomesWhileHeld = writes.Count(w => w.IsCompleted);
        await shell.StandardInput.WriteLineAsync("COMMIT;");
        shell.StandardInput.Close();
        await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var finished = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w.WaitAsync(TimeSpan.FromSeconds(30));
                return true;
            }
            catch (UpgradeStoreTimeoutException)
            {
                return false;
            }
        }));
        await timer.DisposeAsync();

        long[] stamps;
        lock (ticks)
        {
            stamps = [.. ticks];
        }

        // Ticks are late when the pool has no free thread (the failure this guards against: every waiting writer
        // holding one, so the pool grows and queued work waits). On a machine other work shares, a tick can also be
        // late for want of a CPU, so the bound is on 99 % of the ticks, and on the pool not growing.
        var gaps = stamps.Zip(stamps.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).Order().ToList();
        var p99 = gaps[(int)(gaps.Count * 0.99)];
        output.WriteLine($"{gaps.Count} gaps between 10 ms ticks: p99 {p99.TotalMilliseconds:0.0} ms, longest {gaps[^1].TotalMilliseconds:0.0} ms " +
            $"(ceiling for p99: 50 ms); thread pool {threadsBefore} -> {threadsWhileHeld} threads");
        Assert.True(p99 < TimeSpan.FromMilliseconds(50),
            $"1 % of the thread-pool timer's ticks (every 10 ms) came more than {p99.TotalMilliseconds:0} ms apart; the longest gap was {gaps[^1].TotalMilliseconds:0} ms");
        // The queue's head legitimately blocks one thread inside SQLite, and the pool's hill climbing may add a few more on
        // a shared CPU (+3 was seen in CI). Writers that each held a thread starve the pool, which then injects a thread
        // about every half second: the issue saw 4 → 19 in this test, so a bound of 8 still tells the two apart.
        Assert.True(threadsWhileHeld <= threadsBefore + 8, $"the thread pool grew from {threadsBefore} to {threadsWhileHeld} threads while the writers waited");
        Assert.Equal(0, outcomesWhileHeld);
        for (var i = 0; i < records.Count; i++)
        {
            // Nothing lost: a write that reported success is stored, one that timed out is not.
            Assert.Equal(finished[i], await store.FindAsync(records[i].Id) is not null);
        }

        Assert.All(finished, Assert.True);
    }

    [Fact]
    public async Task Write_QueuedBehindAWriterThatWaitsPastTheBusyTimeout_R_STORE_2_ThrowsUpgradeStoreTimeoutException()
    {
        using var store = _database.OpenStore(configure: o => o.BusyTimeout = TimeSpan.FromMilliseconds(300));
        await store.EnsureSchemaAsync();
        await using var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database.PathOf()};Pooling=false");
        await blocker.OpenAsync();
        using var held = blocker.BeginTransaction(deferred: false);
        var records = Enumerable.Range(0, 4).Select(_ => NewRecord()).ToList();

        var errors = await Task.WhenAll(records.Select(r =>
            Assert.ThrowsAsync<UpgradeStoreTimeoutException>(() => Task.Run(() => store.InsertAsync(r, Creation(r))))));

        Assert.All(errors, e => Assert.True(e.OutcomeKnown));
        Assert.All(errors, e => Assert.Contains(_database.PathOf(), e.Message, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("for its turn", StringComparison.Ordinal));
    }

    /// <summary>
    /// The worst-case wait the options' documentation states: a write blocked by another connection's lock fails with
    /// <see cref="UpgradeStoreTimeoutException"/> no later than 2 × BusyTimeout + 1 s after it was called (its turn, then
    /// the lock at the head of the queue, then at most 1 s for a due checkpoint). Checked with a ceiling 2 s above it.
    /// </summary>
    [Fact]
    [Trait("Category", "Timing")]
    public async Task Writes_BlockedByAnExternalLock_R_STORE_2_FailTypedWithinTheStatedWorstCaseWait()
    {
        var busyTimeout = TimeSpan.FromSeconds(1);
        var statedBound = (2 * busyTimeout) + TimeSpan.FromSeconds(1);
        using var store = _database.OpenStore(configure: o => o.BusyTimeout = busyTimeout);
        await store.EnsureSchemaAsync();
        await using var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database.PathOf()};Pooling=false");
        await blocker.OpenAsync();
        using var held = blocker.BeginTransaction(deferred: false);
        var records = Enumerable.Range(0, 6).Select(_ => NewRecord()).ToList();

        var waits = await Task.WhenAll(records.Select(r => Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            await Assert.ThrowsAsync<UpgradeStoreTimeoutException>(() => store.InsertAsync(r, Creation(r)));
            return Stopwatch.GetElapsedTime(started);
        })));

        output.WriteLine($"BusyTimeout {busyTimeout.TotalSeconds} s, stated worst case {statedBound.TotalSeconds} s; the writes failed after " +
            string.Join(", ", waits.Order().Select(w => $"{w.TotalSeconds:0.00} s")));
        Assert.All(waits, w => Assert.True(w < statedBound + TimeSpan.FromSeconds(2), $"a write failed only after {w.TotalSeconds:0.00} s"));
        Assert.All(waits, w => Assert.True(w >= busyTimeout - TimeSpan.FromMilliseconds(50), $"a write gave up after {w.TotalSeconds:0.00} s"));
    }

    private UpgradeRecord NewRecord() => SqliteUpgradeStoreTests.NewRecord(_clock);

    private static Storage.RecordChange Creation(UpgradeRecord record) => SqliteUpgradeStoreTests.Creation(record);

    private static Process StartSqliteShell(string path)
    {
        var start = new ProcessStartInfo(HostTool.Find("sqlite3") ?? "sqlite3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        return Process.Start(start) ?? throw new InvalidOperationException("sqlite3 did not start");
    }
}
