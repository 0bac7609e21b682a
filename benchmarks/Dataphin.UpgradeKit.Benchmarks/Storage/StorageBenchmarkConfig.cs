using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// Short, in-process runs: the storage benchmarks start a database server and seed up to a million rows, so they run
/// in this process (no rebuild per benchmark) with few iterations, keeping the wall time modest on two cores.
/// </summary>
public sealed class StorageBenchmarkConfig : ManualConfig
{
    public StorageBenchmarkConfig()
    {
        AddJob(Smoke.Enabled
            ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("storage-smoke")
            : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(6).WithId("storage"));
        AddColumn(StatisticColumn.OperationsPerSecond);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
    }
}
