using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Storage;
using Npgsql;

namespace Dataphin.UpgradeKit.Benchmarks.History;

/// <summary>
/// <c>--history --connection &lt;connection string&gt; [--connection …] [--focus &lt;combinations&gt;] [--screen] [--sqlite &lt;records&gt;]</c>:
/// the list search's given combinations (by default the slowest ones found so far) measured on existing PostgreSQL
/// databases that already hold the bulk history (copies of the shared ones, <c>CREATE DATABASE … TEMPLATE</c>), and on
/// a generated SQLite file when <c>--sqlite</c> is given. Each combination: the number of matches, the first page and a
/// deep page (median / p95 of 30 calls after a warm-up call), and the plans of both list forms
/// (<c>EXPLAIN (ANALYZE, BUFFERS)</c>), whose row and buffer counts do not depend on the machine's load. Before
/// measuring, each database gets this version's search indexes (idempotent) and fresh statistics. With <c>--screen</c>,
/// every combination is screened on each store first (first page, median of 3) and the slowest five join the focus.
/// </summary>
internal static class HistoryFocus
{
    /// <summary>The slowest combinations of the 2026-12-07 round, and the ones this round's forms must not make slower.</summary>
    public const string DefaultFocus =
        "target+started:ShortestUpgradeFirst;target+created:LongestUpgradeFirst;initial;status+operator;mode:LongestUpgradeFirst;" +
        "mode:ShortestMaintenanceFirst;finished;status+mode+target+initial+operator;none;mode;target+initial:LongestMaintenanceFirst;" +
        "status+operator:ShortestMaintenanceFirst";

    private static readonly Assembly Core = Assembly.Load("Dataphin.UpgradeKit.Relational");

    /// <summary>The PostgreSQL store's join of a page's configuration rows.</summary>
    internal static readonly string LateralJoin = (string)Core.GetType("Dataphin.UpgradeKit.Relational.RelationalDialect", throwOnError: true)!
        .GetField("LateralConfigurationJoin")!.GetValue(null)!;

    public static async Task<int> RunAsync(string[] args)
    {
        var connections = args.Select((arg, i) => (arg, i)).Where(a => a.arg == "--connection" && a.i + 1 < args.Length).Select(a => args[a.i + 1]).ToList();
        var focus = Parse(Option(args, "--focus", DefaultFocus)!);
        var sqliteSize = Option(args, "--sqlite", null) is { } size ? int.Parse(size, CultureInfo.InvariantCulture) : (int?)null;
        HistoryBenchmark.Line($"# History search, focused run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        HistoryBenchmark.Line($"Machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; .NET {Environment.Version}.");
        var plans = new System.Text.StringBuilder();
        var stores = new List<(string Name, IUpgradeStore Store, string? Connection)>();
        foreach (var connection in connections)
        {
            var (name, took) = await PrepareAsync(connection);
            HistoryBenchmark.Line($"\n{name}: search indexes and statistics ready in {took.TotalSeconds:F1} s.");
            stores.Add((name, PostgreSqlUpgradeStore.Create(connection), connection));
        }

        string? sqlitePath = null;
        if (sqliteSize is { } records)
        {
            sqlitePath = Path.Combine(Directory.CreateTempSubdirectory("upgradekit-history-").FullName, "history.db");
            var sqlite = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(sqlitePath));
            await sqlite.EnsureSchemaAsync();
            var took = await HistoryData.FillSqliteAsync(sqlitePath, records);
            HistoryBenchmark.Line($"\nGenerated SQLite {HistoryData.Describe(records)} in {took.TotalSeconds:F1} s.");
            stores.Add(($"SQLite {records:N0}", sqlite, null));
        }

        if (args.Contains("--screen"))
        {
            // Every combination screened on each store first (first page, median of 3); its slowest join the focus.
            foreach (var (name, store, _) in stores)
            {
                foreach (var slow in await HistoryBenchmark.ScreenAsync(name, store))
                {
                    if (!focus.Contains(slow))
                    {
                        focus.Add(slow);
                    }
                }
            }
        }

        HistoryBenchmark.Line("\n## List: focused combinations, first page and deep page (ms: median / p95 of 30 calls)");
        HistoryBenchmark.Line("| store | combination | matches | first page | deep page (after) |\n|---|---|---|---|---|");
        foreach (var (mask, sort) in focus)
        {
            foreach (var (name, store, connection) in stores)
            {
                await HistoryBenchmark.MeasureListAsync(name, store, mask, sort);
                if (connection is not null)
                {
                    await ExplainAsync(plans, name, connection, mask, sort);
                }
            }
        }

        HistoryBenchmark.Line($"\nLoad average at the end: {LoadAverage()}.");
        foreach (var (_, store, _) in stores)
        {
            await ((IAsyncDisposable)store).DisposeAsync();
        }

        if (sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // this process's pools only; the file goes next
            Directory.Delete(Path.GetDirectoryName(sqlitePath)!, recursive: true);
        }

        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "history-focus.md"), HistoryBenchmark.ReportText());
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "history-focus-plans.md"), plans.ToString());
        return 0;
    }

    /// <summary>Parses <c>filter+filter[:SortOrder];…</c> (<c>none</c> for no filter) into masks of <see cref="HistoryQueries.Filters"/>.</summary>
    public static List<(int Mask, UpgradeRecordSortOrder Sort)> Parse(string text) =>
    [
        .. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item =>
        {
            var parts = item.Split(':');
            var mask = 0;
            foreach (var filter in parts[0].Split('+').Where(f => f != "none"))
            {
                var index = HistoryQueries.Filters.ToList().FindIndex(f => f.Name == filter);
                mask |= index >= 0 ? 1 << index : throw new ArgumentException($"Unknown filter '{filter}'.");
            }

            return (mask, parts.Length > 1 ? Enum.Parse<UpgradeRecordSortOrder>(parts[1]) : UpgradeRecordSortOrder.NewestFirst);
        }),
    ];

    /// <summary>Applies this version's search indexes (the embedded <c>003_search_indexes.sql</c>; a database generated at
    /// an earlier build of schema version 3 lacks them), then <c>ANALYZE</c>.</summary>
    private static async Task<(string Name, TimeSpan Took)> PrepareAsync(string connectionString)
    {
        await using (var schema = PostgreSqlUpgradeStore.Create(connectionString))
        {
            await schema.EnsureSchemaAsync();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var adapter = typeof(PostgreSqlUpgradeStore).Assembly;
        foreach (var part in new[] { "Schema/003_search_indexes.sql", "Schema/003_version_search.sql", "Schema/003_record_operators.sql", "Schema/003_interval_search.sql" })
        {
            using var reader = new StreamReader(adapter.GetManifestResourceStream(part)!);
#pragma warning disable CA2100 // The adapter's own script.
            await using var script = new NpgsqlCommand(await reader.ReadToEndAsync(), connection) { CommandTimeout = 3600 };
#pragma warning restore CA2100
            await script.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE upgrade_records", connection) { CommandTimeout = 3600 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM upgrade_records", connection);
        var records = (long)(await count.ExecuteScalarAsync())!;
        return ($"PostgreSQL {records:N0} ({connection.Database})", watch.Elapsed);
    }

    private static async Task ExplainAsync(System.Text.StringBuilder plans, string name, string connectionString, int mask, UpgradeRecordSortOrder sort)
    {
        var query = HistoryQueries.Records(mask, sort);
        var formType = Core.GetType("Dataphin.UpgradeKit.Relational.ListForm", throwOnError: true)!;
        Func<UpgradeRecordId, object> idValue = id => id.Value;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var form in Enum.GetValues(formType).Cast<object>().Where(f => f.ToString() != "Single")) // PostgreSQL's two forms
        {
            var built = (ITuple)Core.GetType("Dataphin.UpgradeKit.Relational.ListSql", throwOnError: true)!.GetMethod("Build")!
                .Invoke(null, [query, null, idValue, form, PostgreSqlWalk(query.PageSize), LateralJoin])!;
            plans.AppendLine(CultureInfo.InvariantCulture, $"## {name}: {HistoryQueries.Name(mask, sort)}, first page, {form} form\n\n```");
            // The sort form runs under the dialect's settings, in a transaction of its own, as the store runs it.
            await using var transaction = await connection.BeginTransactionAsync();
            if (form.ToString() == "Sort" && SortSettings(query) is { } sortSettings)
            {
                await using var settings = new NpgsqlCommand(sortSettings, connection, transaction);
                await settings.ExecuteNonQueryAsync();
            }

#pragma warning disable CA2100 // The store's own statements.
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + (string)built[0]!, connection, transaction) { CommandTimeout = 600 };
#pragma warning restore CA2100
            foreach (var (parameter, value) in (IEnumerable<KeyValuePair<string, object>>)built[1]!)
            {
                explain.Parameters.AddWithValue(parameter, value);
            }

            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plans.AppendLine(reader.GetString(0));
            }

            plans.AppendLine("```\n");
            await reader.DisposeAsync();
            await transaction.RollbackAsync();
        }
    }

    /// <summary>The PostgreSQL dialect's settings of the list's sort form for <paramref name="query"/> (RelationalDialect.ListSortSettings).</summary>
    private static string? SortSettings(UpgradeRecordQuery query)
    {
        var dialect = Assembly.Load("Dataphin.UpgradeKit.PostgreSql").GetType("Dataphin.UpgradeKit.PostgreSql.PostgreSqlDialect", throwOnError: true)!;
        var instance = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(dialect);
        return (string?)dialect.GetMethod("ListSortSettings")!.Invoke(instance, [query]);
    }

    /// <summary>The PostgreSQL dialect's walk budget for <paramref name="pageSize"/> (RelationalDialect.ListWalk: 200 a row, 10,000 at most).</summary>
    public static int PostgreSqlWalk(int pageSize) => Math.Min(200 * (pageSize + 1), 10_000);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? Option(string[] args, string name, string? fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
