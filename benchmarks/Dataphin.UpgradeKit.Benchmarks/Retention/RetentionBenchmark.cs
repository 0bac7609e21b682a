using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dataphin.UpgradeKit.Benchmarks.History;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.Retention;

/// <summary>
/// <c>--retention postgresql &lt;connection string&gt; | sqlite &lt;records&gt;</c>: one retention run over the bulk history
/// (issue 26), in one Release process outside BenchmarkDotNet. Measures records per second, the process's resident set
/// sampled every 50 ms during the run (peak, and at each quarter of the run, to show it does not grow with the records
/// removed), and the latency of Stop calls through the SDK's commands on other (running) records: paced stops without a
/// run, during the run, and without a run again, as p50 / p99 and the ratio of the p99s. The PostgreSQL database must be
/// a copy of a <c>--history-fill</c> database (it is changed); SQLite is filled into a temporary file.
/// Options: <c>--records N</c> (the most records the run removes; default 20,000), <c>--stops N</c> (stops per phase;
/// default 300), <c>--pace ms</c> (between stops; default 100), <c>--audit-age days</c> (also expire audit entries).
/// </summary>
internal static class RetentionBenchmark
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");
    private static readonly StringBuilder Report = new();
    private static readonly double[] Quarters = [0.25, 0.5, 0.75, 1.0];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: --retention <postgresql <connection string> | sqlite <records>> [--records N] [--stops N] [--pace ms] [--audit-age days]");
            return 2;
        }

        var maxRecords = int.Parse(Option(args, "--records", "20000"), CultureInfo.InvariantCulture);
        var stops = int.Parse(Option(args, "--stops", "300"), CultureInfo.InvariantCulture);
        var pace = TimeSpan.FromMilliseconds(int.Parse(Option(args, "--pace", "100"), CultureInfo.InvariantCulture));
        var auditAge = Option(args, "--audit-age", "") is { Length: > 0 } days ? Duration.FromDays(int.Parse(days, CultureInfo.InvariantCulture)) : (Duration?)null;
        var archive = Directory.CreateTempSubdirectory("upgradekit-retention-bench-");
        IUpgradeStore store;
        string label, target;
        DirectoryInfo? sqliteDirectory = null;
        if (args[0] == "sqlite")
        {
            var records = int.Parse(args[1], CultureInfo.InvariantCulture);
            sqliteDirectory = Directory.CreateTempSubdirectory("upgradekit-retention-db-");
            var path = Path.Combine(sqliteDirectory.FullName, "history.db");
            var sqlite = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(path));
            await sqlite.EnsureSchemaAsync();
            var took = await HistoryData.FillSqliteAsync(path, records);
            Line($"Generated SQLite {HistoryData.Describe(records)} in {took.TotalSeconds:F1} s ({new FileInfo(path).Length / 1048576} MB file).");
            (store, label, target) = (sqlite, $"SQLite {records:N0}", path);
        }
        else
        {
            (store, target) = (PostgreSqlUpgradeStore.Create(args[1]), args[1]);
            label = $"PostgreSQL ({args[1].Split(';').FirstOrDefault(p => p.StartsWith("Database=", StringComparison.OrdinalIgnoreCase)) ?? "?"})";
        }

        Line($"# Retention benchmark, {label}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average at start {LoadAverage()}.");
        var finished = await CountFinishedAsync(args[0], target);
        Line($"Finished records in the store: {finished:N0}; the run removes at most {maxRecords:N0} (batches of 100).");

        var features = new UpgradeKitFeatures(store, SystemClock.Instance);
        var running = new Queue<UpgradeRecord>();
        for (var i = 0; i < 3 * stops + 20; i++)
        {
            var record = await features.Commands.CreateAsync(Request, Alice);
            running.Enqueue(await features.HostReports.StartAsync(record.Id));
        }

        await StopLoopAsync(features, running, 20, TimeSpan.Zero, null); // warm-up
        var before = await StopLoopAsync(features, running, stops, pace, null);

        var options = new UpgradeKitOptions
        {
            Retention = new RetentionOptions
            {
                Enabled = true,
                FinishedRecordAge = Duration.FromDays(1),
                MinimumFinishedRecords = 100,
                BatchSize = 100,
                MaxBatchesPerRun = Math.Max(1, maxRecords / 100),
                ArchiveDirectory = archive.FullName,
                AuditEntryAge = auditAge,
            },
        };
        using var fileArchive = new FileSystemRetentionArchive(archive.FullName);
        var retention = new UpgradeRetention(store, fileArchive, SystemClock.Instance, options);
        GC.Collect();
        var rssBefore = Rss();
        var samples = new List<(double Seconds, long Rss, long Heap)>();
        using var sampling = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                samples.Add((watch.Elapsed.TotalSeconds, Rss(), GC.GetTotalMemory(false)));
                await Task.Delay(50, CancellationToken.None);
            }
        });
        var run = Task.Run(() => retention.RunOnceAsync());
        var during = await StopLoopAsync(features, running, stops, pace, run);
        var result = await run;
        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var after = await StopLoopAsync(features, running, stops, pace, null);

        var archiveBytes = archive.EnumerateFiles().Sum(f => f.Length);
        Line($"\nRun: removed {result.RemovedRecords:N0} records and {result.RemovedAuditEntries:N0} audit entries by their period in {result.Batches} batches, "
            + $"{seconds:F1} s: **{result.RemovedRecords / seconds:F0} records/s**; archive {archive.EnumerateFiles().Count()} files, {archiveBytes / 1048576.0:F1} MB.");
        Line($"Resident set: {rssBefore / 1048576.0:F1} MB before the run, peak **{samples.Max(s => s.Rss) / 1048576.0:F1} MB** during it; "
            + $"at 25 / 50 / 75 / 100 % of the run: {string.Join(" / ", Quarters.Select(q => Quarter(samples, seconds, q)))} MB; "
            + $"managed heap peak {samples.Max(s => s.Heap) / 1048576.0:F1} MB.");
        Line("\n| stops | n | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|");
        Row("without a run (before)", before);
        Row("during the run", during);
        Row("without a run (after)", after);
        var baseline = Percentile(before.Concat(after).ToList(), 0.99);
        Line($"\np99 during / p99 without (before and after together): **{Percentile(during, 0.99) / baseline:F2}×** "
            + $"(p50 {Percentile(during, 0.5) / Percentile(before.Concat(after).ToList(), 0.5):F2}×); {during.Count} of the stops fell inside the run.");
        Line($"Load average at the end: {LoadAverage()}.");
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", $"retention-{args[0]}.md"), Report.ToString());
        archive.Delete(recursive: true);
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        sqliteDirectory?.Delete(recursive: true); // the filled file is several hundred megabytes
        return 0;
    }

    private static readonly NewUpgradeRequest Request = new()
    {
        TargetVersion = ProductVersion.Parse("V9.1.0"),
        InitialVersion = ProductVersion.Parse("V9.0.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    };

    /// <summary>Stops up to <paramref name="count"/> running records one after the other, <paramref name="pace"/> apart; with a run, only while it runs.</summary>
    private static async Task<List<double>> StopLoopAsync(UpgradeKitFeatures features, Queue<UpgradeRecord> running, int count, TimeSpan pace, Task? run)
    {
        var latencies = new List<double>(count);
        for (var i = 0; i < count && running.Count > 0 && run?.IsCompleted != true; i++)
        {
            var record = running.Dequeue();
            var start = Stopwatch.GetTimestamp();
            await features.Commands.StopAsync(record.Id, Alice, new StopOptions(true), record.Version);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (pace > TimeSpan.Zero)
            {
                await Task.Delay(pace);
            }
        }

        return latencies;
    }

    private const string CountFinishedSql = "SELECT count(*) FROM upgrade_records WHERE status IN (4, 5, 6, 7, 8, 9)";

    private static async Task<long> CountFinishedAsync(string kind, string target)
    {
        System.Data.Common.DbConnection connection = kind == "sqlite"
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target}")
            : new Npgsql.NpgsqlConnection(target);
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = CountFinishedSql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
    }

    private static void Row(string name, List<double> latencies) =>
        Line(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {latencies.Count} | {Percentile(latencies, 0.5):F2} | {Percentile(latencies, 0.99):F2} | {(latencies.Count == 0 ? 0 : latencies.Max()):F2} |"));

    private static double Percentile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];
    }

    private static string Quarter(List<(double Seconds, long Rss, long Heap)> samples, double total, double q) =>
        (samples.Where(s => s.Seconds <= total * q).Select(s => s.Rss).DefaultIfEmpty(0).Max() / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>The process's resident set now (VmRSS), in bytes.</summary>
    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static void Line(string text)
    {
        Console.WriteLine(text);
        Report.AppendLine(text);
    }
}
