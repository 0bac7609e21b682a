using BenchmarkDotNet.Running;
using Dataphin.UpgradeKit.Benchmarks;

// `--smoke` runs every benchmark once, in process, with small data sets: CI uses it so that a broken benchmark fails
// the build. Anything else goes to BenchmarkDotNet's switcher (e.g. --filter '*Transition*' --job short).
if (args is ["--smoke", ..])
{
    Smoke.Enabled = true;
    args = ["--filter", "*", "--job", "Dry", "--inProcess", .. args[1..]];
}

// `--history` measures the history search, audit trail, insights and CSV report on bulk data (see benchmarks/README.md).
if (args is ["--history", ..])
{
    return await Dataphin.UpgradeKit.Benchmarks.History.HistoryBenchmark.RunAsync(args[1..]);
}

// `--insights --postgres <connection string> [--postgres …] [--sqlite <records>] [--csv <connection string>]`: insights on existing databases.
if (args is ["--insights", ..])
{
    return await Dataphin.UpgradeKit.Benchmarks.History.InsightsBenchmark.RunAsync(args[1..]);
}

// `--retention <postgresql <connection string> | sqlite <records>>` measures one retention run over the bulk history
// (records/s, resident set, Stop latency during the run against without it; see benchmarks/README.md).
if (args is ["--retention", ..])
{
    return await Dataphin.UpgradeKit.Benchmarks.Retention.RetentionBenchmark.RunAsync(args[1..]);
}

// `--history-fill <connection string> <records>` fills an existing PostgreSQL database with the same bulk history, so
// several measurements can copy one generated database (CREATE DATABASE … TEMPLATE) instead of generating it each time.
if (args is ["--history-fill", var fillConnection, var fillSize])
{
    var records = int.Parse(fillSize, System.Globalization.CultureInfo.InvariantCulture);
    await using (var schema = Dataphin.UpgradeKit.PostgreSql.PostgreSqlUpgradeStore.Create(fillConnection))
    {
        await schema.EnsureSchemaAsync();
    }

    var took = await Dataphin.UpgradeKit.Benchmarks.History.HistoryData.FillPostgreSqlAsync(fillConnection, records);
    Console.WriteLine($"Generated {Dataphin.UpgradeKit.Benchmarks.History.HistoryData.Describe(records)} in {took.TotalSeconds:F1} s.");
    return 0;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)).Select(s => s.Title).ToList();
foreach (var title in failed)
{
    Console.Error.WriteLine($"benchmark run failed: {title}");
}

return failed.Count == 0 ? 0 : 1;
