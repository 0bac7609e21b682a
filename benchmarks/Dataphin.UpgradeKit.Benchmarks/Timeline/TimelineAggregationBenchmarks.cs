using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.Timeline;

/// <summary>
/// Aggregating a record's stream into the five nodes (target: linear, under 100 ns per event). The stream mixes every
/// event kind, each subject started and finished, shuffled with a fixed seed (out-of-order arrival), then materialised
/// in stream order with a string per event, as reading a store would. With <c>Unique</c> subjects every pair is a new
/// subject (N/2 of them: a stress case); with <c>Bounded</c> ones the pairs cycle over 1,000 subjects (restarts),
/// closer to a real upgrade. <see cref="Scan"/> only reads the fields aggregation reads: the floor set by the input.
/// </summary>
[MemoryDiagnoser]
public class TimelineAggregationBenchmarks
{
    private TimelineEvent[] _events = [];

    [Params(1_000, 10_000, 100_000)]
    public int EventCount { get; set; }

    [Params("Unique", "Bounded")]
    public string Subjects { get; set; } = "Unique";

    [GlobalSetup]
    public void Setup()
    {
        var t0 = Instant.FromUtc(2026, 3, 29, 0, 30);
        var random = new Random(42);
        var specs = new List<(TimelineEventKind Kind, int Subject, Instant At, bool IsTask)>(EventCount);
        for (var i = 0; specs.Count < EventCount; i++)
        {
            var start = (TimelineEventKind)((i % 5 * 2) + 1);
            var subject = Subjects == "Bounded" ? i % 1_000 : i;
            var at = t0 + Duration.FromMilliseconds(random.Next(0, 3_600_000));
            var isTask = start == TimelineEventKind.DataUpdateTaskStarted;
            specs.Add((start, subject, at, isTask));
            specs.Add((start + 1, subject, at + Duration.FromMilliseconds(random.Next(0, 600_000)), isTask));
        }

        _events = [.. specs.Take(EventCount).OrderBy(_ => random.Next()).Select(s => new TimelineEvent
        {
            Kind = s.Kind,
            Subject = "subject-" + s.Subject,
            At = s.At,
            Outcome = s.Kind == TimelineEventKind.DataUpdateTaskFinished ? DataUpdateTaskOutcome.Success : null,
            DetailsLink = s.Kind == TimelineEventKind.DataUpdateTaskStarted ? "https://host/tasks/" + s.Subject : null,
        })];
    }

    [Benchmark(Baseline = true)]
    public long Scan()
    {
        long sum = 0;
        foreach (var e in _events)
        {
            // unchecked: the build checks overflow, and this sum only keeps the reads from being optimised away.
            sum = unchecked(sum + (int)e.Kind + StringComparer.Ordinal.GetHashCode(e.Subject) + e.At.ToUnixTimeTicks() + (e.DetailsLink?.Length ?? 0));
        }

        return sum;
    }

    [Benchmark]
    public UpgradeTimeline Aggregate() => TimelineAggregator.Aggregate(_events);
}
