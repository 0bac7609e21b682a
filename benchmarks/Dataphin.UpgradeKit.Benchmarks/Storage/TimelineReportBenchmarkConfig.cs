using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// In process, a fixed number of invocations per iteration (so that the iteration setup's stream is what the
/// invocations append to) and enough iterations for a ratio on a loaded machine; the smoke run does one of each.
/// </summary>
public sealed class TimelineReportBenchmarkConfig : ManualConfig
{
    public TimelineReportBenchmarkConfig()
    {
        AddJob(Smoke.Enabled
            ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("report-smoke")
            : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(30)
                .WithInvocationCount(TimelineReportBenchmarks.InvocationsPerIteration).WithUnrollFactor(1).WithId("report"));
        AddColumn(StatisticColumn.Median);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByParams);
    }
}
