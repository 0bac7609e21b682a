using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Times;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.Timeline;

/// <summary>Formatting a duration as hhh:mm:ss (R-TIME-1) with the cached NodaTime pattern.</summary>
[MemoryDiagnoser]
public class TimelineDurationFormatBenchmarks
{
    private readonly Duration _short = Duration.FromSeconds(5) + Duration.FromMilliseconds(999);
    private readonly Duration _long = Duration.FromHours(1234) + Duration.FromMinutes(5) + Duration.FromSeconds(6);

    [Benchmark(Baseline = true)]
    public string FormatShort() => DurationText.Format(_short);

    [Benchmark]
    public string FormatOverThousandHours() => DurationText.Format(_long);

    [Benchmark]
    public string FormatAbsent() => DurationText.Format((Duration?)null);
}
