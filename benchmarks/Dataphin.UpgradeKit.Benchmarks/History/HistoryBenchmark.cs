using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Npgsql;

namespace Dataphin.UpgradeKit.Benchmarks.History;

/// <summary>
/// <c>--history</c>: the figures of the history search, audit trail, insights and reports (issue 25) on bulk data, in one
/// Release process outside BenchmarkDotNet (each figure is a median and p95 of repeated calls through the store or the
/// service, after a warm-up call). Screens every combination of up to five of the nine list filters (first page, newest
/// first, three calls each) and every duration order with up to two filters, then measures the slowest of them
/// (first page and a deep page, 30 calls each) at every size. Writes Markdown to the console and
/// <c>BenchmarkDotNet.Artifacts/history.md</c>, and the plans to <c>history-plans.md</c>.
/// </summary>
internal static class HistoryBenchmark
{
    private const int Runs = 30;
    private static readonly StringBuilder Report = new();
    private static readonly StringBuilder Plans = new();

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--connection"))
        {
            return await HistoryFocus.RunAsync(args);
        }

        var sizes = Option(args, "--sizes", "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var sqliteSize = int.Parse(Option(args, "--sqlite", "100000"), CultureInfo.InvariantCulture);
        var csvSize = int.Parse(Option(args, "--csv", "100000"), CultureInfo.InvariantCulture);
        Line($"# History benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; shared with other builds (nice -n 10).");
        using var cluster = PostgreSqlTestCluster.Start(PostgreSqlServerBinaries.Find()
            ?? throw new InvalidOperationException($"Needs the PostgreSQL server: {PostgreSqlServerBinaries.HowToInstall}."), durable: false);
        var stores = new List<(string Name, IUpgradeStore Store)>();
        var worst = new List<(int Mask, UpgradeRecordSortOrder Sort)>();
        foreach (var size in sizes.OrderByDescending(s => s))
        {
            var connectionString = await NewDatabaseAsync(cluster, size);
            await using (var schema = PostgreSqlUpgradeStore.Create(connectionString))
            {
                await schema.EnsureSchemaAsync();
            }

            var took = await HistoryData.FillPostgreSqlAsync(connectionString, size);
            Line($"\nGenerated PostgreSQL {HistoryData.Describe(size)} in {took.TotalSeconds:F1} s ({await SizeAsync(connectionString)}).");
            var store = PostgreSqlUpgradeStore.Create(connectionString);
            stores.Add(($"PostgreSQL {size:N0}", store));
            if (worst.Count == 0)
            {
                worst = await ScreenAsync($"PostgreSQL {size:N0}", store);
                await ExplainPostgreSqlAsync(connectionString, worst[0], size);
            }

            if (size == csvSize)
            {
                await CsvBenchmark.RunAsync(store, size, Line);
            }
        }

        var sqlitePath = Path.Combine(Directory.CreateTempSubdirectory("upgradekit-history-").FullName, "history.db");
        var sqlite = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(sqlitePath));
        await sqlite.EnsureSchemaAsync();
        var sqliteTook = await HistoryData.FillSqliteAsync(sqlitePath, sqliteSize);
        Line($"\nGenerated SQLite {HistoryData.Describe(sqliteSize)} in {sqliteTook.TotalSeconds:F1} s ({new FileInfo(sqlitePath).Length / 1048576} MB file).");
        stores.Add(($"SQLite {sqliteSize:N0}", sqlite));
        var sqliteWorst = await ScreenAsync($"SQLite {sqliteSize:N0}", sqlite);
        await ExplainSqliteAsync(sqlitePath, sqliteWorst[0]);

        Line("\n## List: the slowest combinations, first page and deep page (ms: median / p95 of 30 calls)");
        Line("| store | combination | matches | first page | deep page (after) |\n|---|---|---|---|---|");
        foreach (var (name, store) in stores)
        {
            foreach (var (mask, sort) in worst.Concat(sqliteWorst).Distinct().Append((0, UpgradeRecordSortOrder.NewestFirst)))
            {
                await MeasureListAsync(name, store, mask, sort);
            }
        }

        Line("\n## Insights over all records (overall, per mode, per target version; ms: median / p95 of 7 calls)");
        Line("| store | all records | one year | one year, maintenance budget |\n|---|---|---|---|");
        foreach (var (name, store) in stores)
        {
            var history = new UpgradeHistory(store);
            var year = new NodaTime.Interval(NodaTime.Instant.FromUtc(2023, 1, 1, 0, 0), NodaTime.Instant.FromUtc(2024, 1, 1, 0, 0));
            var all = await TimeAsync(() => history.GetInsightsAsync(new InsightsQuery()), 7);
            var one = await TimeAsync(() => history.GetInsightsAsync(new InsightsQuery { Within = year }), 7);
            var budget = await TimeAsync(() => history.GetInsightsAsync(new InsightsQuery { Within = year, MaintenanceBudget = NodaTime.Duration.FromHours(2) }), 7);
            Line($"| {name} | {all} | {one} | {budget} |");
        }

        Line("\n## Audit trail: every combination of the five filters (ms: median / p95 of 30 calls, first page of 50 and a deep page)");
        Line("| store | slowest first page | its deep page | no filter, first page | no filter, deep page |\n|---|---|---|---|---|");
        foreach (var (name, store) in stores)
        {
            await MeasureAuditAsync(name, store);
        }

        foreach (var (_, store) in stores)
        {
            await ((IAsyncDisposable)store).DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // this process's pools only; the file goes next
        Directory.Delete(Path.GetDirectoryName(sqlitePath)!, recursive: true);

        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "history.md"), Report.ToString());
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "history-plans.md"), Plans.ToString());
        return 0;
    }

    internal static async Task<List<(int Mask, UpgradeRecordSortOrder Sort)>> ScreenAsync(string name, IUpgradeStore store)
    {
        var screened = new List<(int Mask, UpgradeRecordSortOrder Sort, double Ms)>();
        var sorts = Enum.GetValues<UpgradeRecordSortOrder>();
        foreach (var sort in sorts)
        {
            foreach (var mask in HistoryQueries.Subsets(HistoryQueries.Filters.Count, sort == UpgradeRecordSortOrder.NewestFirst ? 5 : 2))
            {
                var query = HistoryQueries.Records(mask, sort);
                var times = new List<double>();
                for (var i = 0; i < 3; i++)
                {
                    var watch = Stopwatch.StartNew();
                    await store.ListAsync(query);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                screened.Add((mask, sort, times.Order().ElementAt(1)));
            }
        }

        var ordered = screened.OrderByDescending(s => s.Ms).ToList();
        Line($"\n{name}: screened {screened.Count} list queries (first page, median of 3): median {ordered[ordered.Count / 2].Ms:F1} ms, " +
            $"95th percentile {ordered[(int)(ordered.Count * 0.05)].Ms:F1} ms; the slowest:");
        foreach (var (mask, sort, ms) in ordered.Take(8))
        {
            Line($"- {HistoryQueries.Name(mask, sort)}: {ms:F1} ms");
        }

        return [.. ordered.Take(5).Select(s => (s.Mask, s.Sort))];
    }

    internal static async Task MeasureListAsync(string name, IUpgradeStore store, int mask, UpgradeRecordSortOrder sort)
    {
        var query = HistoryQueries.Records(mask, sort);
        // The deep page: after 10,000 matches, or the middle page when fewer match (pages of 500 to get there).
        var tokens = new List<string>();
        var matches = 0;
        var batch = query with { PageSize = 500 };
        while (tokens.Count < 20)
        {
            var page = await store.ListAsync(batch);
            matches += page.Items.Count;
            if (page.ContinuationToken is null)
            {
                break;
            }

            tokens.Add(page.ContinuationToken);
            batch = batch with { ContinuationToken = page.ContinuationToken };
        }

        var deep = tokens.Count == 0 ? null : tokens[tokens.Count == 20 ? 19 : tokens.Count / 2];
        var first = await TimeAsync(() => store.ListAsync(query), Runs);
        var deepFigure = deep is null ? "(one page)" : await TimeAsync(() => store.ListAsync(query with { ContinuationToken = deep }), Runs);
        var after = deep is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ({(tokens.Count == 20 ? 10_000 : (tokens.Count / 2 + 1) * 500):N0})");
        Line($"| {name} | {HistoryQueries.Name(mask, sort)} | {(tokens.Count == 20 ? "> 10,000" : matches.ToString("N0", CultureInfo.InvariantCulture))} | {first} | {deepFigure}{after} |");
    }

    private static async Task MeasureAuditAsync(string name, IUpgradeStore store)
    {
        var history = new UpgradeHistory(store);
        var screened = new List<(int Mask, double Ms)>();
        foreach (var mask in HistoryQueries.Subsets(HistoryQueries.AuditFilters.Count, 5))
        {
            var query = HistoryQueries.Audit(mask);
            var times = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                await history.QueryAuditAsync(query);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            screened.Add((mask, times.Order().ElementAt(1)));
        }

        var worstMask = screened.MaxBy(s => s.Ms).Mask;
        async Task<(string First, string Deep)> FirstAndDeep(int mask)
        {
            var query = HistoryQueries.Audit(mask);
            var page = query with { PageSize = 500 };
            string? token = null;
            for (var i = 0; i < 20; i++)
            {
                var result = await history.QueryAuditAsync(page);
                if (result.ContinuationToken is null)
                {
                    break;
                }

                token = result.ContinuationToken;
                page = page with { ContinuationToken = token };
            }

            var first = await TimeAsync(() => history.QueryAuditAsync(query), Runs);
            var deep = token is null ? "(one page)" : await TimeAsync(() => history.QueryAuditAsync(query with { ContinuationToken = token }), Runs);
            return (first, deep);
        }

        var (worstFirst, worstDeep) = await FirstAndDeep(worstMask);
        var (noneFirst, noneDeep) = await FirstAndDeep(0);
        Line($"| {name} | {HistoryQueries.AuditName(worstMask)}: {worstFirst} | {worstDeep} | {noneFirst} | {noneDeep} |");
    }

    internal static async Task<string> TimeAsync(Func<Task> call, int runs)
    {
        var warmUp = Stopwatch.StartNew();
        await call();
        if (warmUp.Elapsed > TimeSpan.FromSeconds(10))
        {
            runs = 3; // a figure this far over its target needs no p95
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        var p95 = times[(int)Math.Ceiling(0.95 * runs) - 1];
        return string.Create(CultureInfo.InvariantCulture, $"{times[runs / 2]:F1} / {p95:F1}");
    }

    private static async Task ExplainPostgreSqlAsync(string connectionString, (int Mask, UpgradeRecordSortOrder Sort) worst, int size)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var (title, sql, parameters) in HistoryPlans.Statements(worst, id => id.Value))
        {
            Plans.AppendLine(CultureInfo.InvariantCulture, $"## PostgreSQL, {size:N0} records: {title}\n\n```\n{sql}\n");
#pragma warning disable CA2100 // The store's own statements.
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection) { CommandTimeout = 600 };
#pragma warning restore CA2100
            foreach (var (parameter, value) in parameters)
            {
                explain.Parameters.AddWithValue(parameter, value);
            }

            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Plans.AppendLine(reader.GetString(0));
            }

            Plans.AppendLine("```\n");
        }
    }

    private static async Task ExplainSqliteAsync(string path, (int Mask, UpgradeRecordSortOrder Sort) worst)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        foreach (var (title, sql, parameters) in HistoryPlans.Statements(worst, id => id.Value.ToString("N")))
        {
            Plans.AppendLine(CultureInfo.InvariantCulture, $"## SQLite: {title}\n\n```\n{sql}\n");
#pragma warning disable CA2100 // The store's own statements.
            await using var explain = new Microsoft.Data.Sqlite.SqliteCommand("EXPLAIN QUERY PLAN " + sql, connection);
#pragma warning restore CA2100
            foreach (var (parameter, value) in parameters)
            {
                explain.Parameters.AddWithValue(parameter, value);
            }

            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Plans.AppendLine(CultureInfo.InvariantCulture, $"{reader.GetInt64(0),3} {reader.GetInt64(1),3} {reader.GetString(3)}");
            }

            Plans.AppendLine("```\n");
        }
    }

    private static async Task<string> NewDatabaseAsync(PostgreSqlTestCluster cluster, int size)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"history_{size}");
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
#pragma warning disable CA2100 // Built from a number.
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
#pragma warning restore CA2100
        await create.ExecuteNonQueryAsync();
        return cluster.ConnectionString(name) + ";Command Timeout=600";
    }

    private static async Task<string> SizeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand("SELECT pg_size_pretty(pg_database_size(current_database()))", connection);
        return (string)(await size.ExecuteScalarAsync())! + " database";
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    internal static string ReportText() => Report.ToString();

    internal static void Line(string text)
    {
        Console.WriteLine(text);
        Report.AppendLine(text);
    }
}
