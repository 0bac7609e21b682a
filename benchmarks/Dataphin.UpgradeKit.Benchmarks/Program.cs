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

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)).Select(s => s.Title).ToList();
foreach (var title in failed)
{
    Console.Error.WriteLine($"benchmark run failed: {title}");
}

return failed.Count == 0 ? 0 : 1;
