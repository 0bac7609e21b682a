using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Relational;
using Dataphin.UpgradeKit.Sqlite;
using Npgsql;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.History;

/// <summary>
/// <c>--insights</c>: the insights (issue 25) over existing bulk-history databases, without generating PostgreSQL data
/// (copy one filled by <c>--history-fill</c> with <c>CREATE DATABASE … TEMPLATE</c>). Per PostgreSQL database: wall time
/// of the service call (median / p95), the CPU time of the PostgreSQL backend per call for the store's own two statements
/// (read from <c>/proc</c>, so a loaded machine inflates it far less than wall time; the server must run on this machine),
/// and the plans with <c>EXPLAIN (ANALYZE, BUFFERS)</c>. Optionally SQLite (generated) and the CSV report.
/// Writes Markdown to the console and <c>BenchmarkDotNet.Artifacts/insights.md</c>, plans to <c>insights-plans.md</c>.
/// </summary>
internal static class InsightsBenchmark
{
    private static readonly StringBuilder Report = new();
    private static readonly StringBuilder Plans = new();
    private static readonly Interval Year = new(Instant.FromUtc(2023, 1, 1, 0, 0), Instant.FromUtc(2024, 1, 1, 0, 0));

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs", "7"), CultureInfo.InvariantCulture);
        var postgres = Options(args, "--postgres");
        var sqliteSize = int.Parse(Option(args, "--sqlite", "0"), CultureInfo.InvariantCulture);
        var csv = Option(args, "--csv", string.Empty);
        // Calls made and not timed before each store's figures, beyond the one warm-up of every timing: a host serving the
        // page calls insights many times, so its code is past .NET's tiered compilation (30 calls of a method) by then.
        var warmUp = int.Parse(Option(args, "--warmup", "0"), CultureInfo.InvariantCulture);
        Line($"# Insights benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average at start {Load()}.");
        Line("\n| store | records | all records: wall median / p95 ms | backend CPU ms per call | one year | one year, budget 2 h | load |\n|---|---|---|---|---|---|---|");
        foreach (var connectionString in postgres)
        {
            await using var store = PostgreSqlUpgradeStore.Create(connectionString);
            await store.EnsureSchemaAsync();
            var history = new UpgradeHistory(store);
            var records = await CountAsync(connectionString);
            s_records = records;
            for (var i = 0; i < warmUp; i++)
            {
                await history.GetInsightsAsync(new InsightsQuery());
                await history.GetInsightsAsync(new InsightsQuery { Within = Year, MaintenanceBudget = Duration.FromHours(2) });
            }

            var all = await HistoryBenchmark.TimeAsync(() => history.GetInsightsAsync(new InsightsQuery()), runs);
            var cpu = await BackendCpuAsync(connectionString, new InsightsQuery(), runs);
            var year = await HistoryBenchmark.TimeAsync(() => history.GetInsightsAsync(new InsightsQuery { Within = Year }), runs);
            var budget = await HistoryBenchmark.TimeAsync(() => history.GetInsightsAsync(new InsightsQuery { Within = Year, MaintenanceBudget = Duration.FromHours(2) }), runs);
            Line($"| PostgreSQL | {records:N0} | {all} | {cpu} | {year} | {budget} | {Load()} |");
            await ExplainAsync(connectionString, records);
        }

        if (sqliteSize > 0)
        {
            var path = Path.Combine(Directory.CreateTempSubdirectory("upgradekit-insights-").FullName, "history.db");
            var sqlite = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(path));
            await using (sqlite)
            {
                await sqlite.EnsureSchemaAsync();
                await HistoryData.FillSqliteAsync(path, sqliteSize);
                var history = new UpgradeHistory(sqlite);
                var all = await HistoryBenchmark.TimeAsync(() => history.GetInsightsAsync(new InsightsQuery()), runs);
                var year = await HistoryBenchmark.TimeAsync(() => history.GetInsightsAsync(new InsightsQuery { Within = Year }), runs);
                var budget = await HistoryBenchmark.TimeAsync(() => history.GetInsightsAsync(new InsightsQuery { Within = Year, MaintenanceBudget = Duration.FromHours(2) }), runs);
                Line($"| SQLite | {sqliteSize:N0} | {all} | — | {year} | {budget} | {Load()} |");
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // this process's pools only; the file goes next
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }

        if (csv.Length > 0)
        {
            await using var store = PostgreSqlUpgradeStore.Create(csv);
            await CsvBenchmark.RunAsync(store, (int)await CountAsync(csv), Line);
            Line($"- load average after: {Load()}");
        }

        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "insights.md"), Report.ToString());
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "insights-plans.md"), Plans.ToString());
        return 0;
    }

    // The store's two statements on a connection of our own, in the store's transaction settings, runs times; the CPU the
    // backend process spent (utime + stime from /proc/<pid>/stat), per call.
    private static async Task<string> BackendCpuAsync(string connectionString, InsightsQuery query, int runs)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var pidCommand = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var pid = (int)(await pidCommand.ExecuteScalarAsync())!;
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return "(server not on this machine)";
        }

        await RunStatementsAsync(connection, query); // warm-up
        var before = CpuTicks(stat);
        var faultsBefore = Field(stat, 7);
        for (var i = 0; i < runs; i++)
        {
            await RunStatementsAsync(connection, query);
        }

        var ms = (CpuTicks(stat) - before) * 1000.0 / 100 / runs; // USER_HZ is 100 on Linux
        var faults = (Field(stat, 7) - faultsBefore) / runs; // minor page faults: costly in a virtual machine
        return string.Create(CultureInfo.InvariantCulture, $"{ms:F0} ({faults} faults)");
    }

    private static async Task RunStatementsAsync(NpgsqlConnection connection, InsightsQuery query)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await using (var settings = new NpgsqlCommand("SET TRANSACTION READ ONLY; SET LOCAL jit = off; SET LOCAL work_mem = '256MB'; SET LOCAL plan_cache_mode = force_custom_plan", connection, transaction))
        {
            await settings.ExecuteNonQueryAsync();
        }

        foreach (var (sql, parameters) in Statements(query))
        {
            await using var command = Command(connection, transaction, sql, parameters);
            await command.PrepareAsync(); // as the store does (PostgreSqlDialect.PrepareReadAsync)
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        await transaction.CommitAsync();
    }

    // The statements the PostgreSQL store runs for the query (RelationalHistory): over every record the counts from the kept
    // tables, and the durations too from InsightsSql.KeptFrom records (s_records is the database's).
    private static long s_records;

    private static (string Sql, KeyValuePair<string, object>[] Parameters)[] Statements(InsightsQuery query) => !InsightsSql.AllRecords(query)
        ? [InsightsSql.Counts(query, groupingSets: true), InsightsSql.Percentiles(query, keptRecoveries: true)]
        : [InsightsSql.KeptCounts(query), s_records >= InsightsSql.KeptFrom ? (InsightsSql.KeptRanks(), []) : InsightsSql.Percentiles(query, keptRecoveries: true)];

    private static async Task ExplainAsync(string connectionString, long records)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await using (var settings = new NpgsqlCommand("SET LOCAL jit = off; SET LOCAL work_mem = '256MB'", connection, transaction))
        {
            await settings.ExecuteNonQueryAsync();
        }

        Plans.AppendLine(CultureInfo.InvariantCulture, $"\n## PostgreSQL, {records:N0} records, all records (jit off, work_mem 256MB)");
        foreach (var (sql, parameters) in Statements(new InsightsQuery()))
        {
            await using var command = Command(connection, transaction, "EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters);
            await using var reader = await command.ExecuteReaderAsync();
            Plans.AppendLine("```");
            while (await reader.ReadAsync())
            {
                Plans.AppendLine(reader.GetString(0));
            }

            Plans.AppendLine("```");
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, KeyValuePair<string, object>[] parameters)
    {
#pragma warning disable CA2100 // the store's own statements; values are parameters
        var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static long CpuTicks(string stat) => Field(stat, 11) + Field(stat, 12); // utime, stime

    // A field of /proc/<pid>/stat, counted from the one after the process name (0: state, 7: minor faults, 11: utime).
    private static long Field(string stat, int index) =>
        long.Parse(File.ReadAllText(stat).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[index], CultureInfo.InvariantCulture);

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM upgrade_records", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private static List<string> Options(string[] args, string name) =>
        [.. args.Select((arg, i) => (arg, i)).Where(a => a.arg == name && a.i + 1 < args.Length).Select(a => args[a.i + 1])];

    private static void Line(string text)
    {
        Console.WriteLine(text);
        Report.AppendLine(text);
    }
}
