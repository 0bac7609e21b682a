using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Benchmarks.Estimates;

/// <summary>
/// What an estimate adds to a list row (target ≤ 2× the row without) and to a 1,000-row page (target ≤ 1.2×): the
/// projection alone against the projection plus <see cref="UpgradeEstimator.EstimateFromSummaries"/> over a window of 200
/// comparable upgrades and the record's 21 subject summaries (and, for comparison, the earlier way through the timeline). The store reads are not included: the window is read
/// once a minute per mode and host, the summaries once per running row.
/// </summary>
[MemoryDiagnoser]
public class EstimateBenchmarks
{
    private readonly ActionEligibilityPolicy _policy = new();
    private readonly OperatorIdentity _actor = new("bob", roles: [RoleOperatorQualification.DefaultRole]);
    private readonly DisplayContext _display = DisplayContext.Default;
    private static readonly Instant T0 = Instant.FromUtc(2026, 1, 1, 0, 0);
    private UpgradeRecord _running = null!;
    private IReadOnlyList<TimelineSubjectSummary> _summaries = [];
    private ComparableUpgrade[] _comparables = [];
    private UpgradeRecord[] _page = [];
    private ComparableUpgrade[] _zeroDowntimeComparables = [];
    private UpgradeRecord _zeroDowntimeInSteps = null!;
    private UpgradeRecord _zeroDowntimeVerifying = null!;

    /// <summary>How many rows of the 1,000-row page are running upgrades (the others carry no estimate).</summary>
    [Params(1, 10)]
    public int RunningRows { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(27);
        _comparables = [.. Enumerable.Range(0, 200).Select(i => new ComparableUpgrade
        {
            RecordId = UpgradeRecordId.New(T0 - Duration.FromDays(300 - i)),
            Mode = UpgradeMode.Maintenance,
            FinishedAt = T0 - Duration.FromDays(300 - i),
            Duration = Duration.FromMinutes(80 + random.Next(60)),
            NodeEnds = new Dictionary<TimelineNodeKind, Duration>
            {
                [TimelineNodeKind.StopServices] = Duration.FromMinutes(3 + random.Next(3)),
                [TimelineNodeKind.DatabaseBackup] = Duration.FromMinutes(20 + random.Next(10)),
                [TimelineNodeKind.UpgradeServices] = Duration.FromMinutes(40 + random.Next(10)),
            },
        })];
        _summaries = TimelineSubjectSummary.Summarize([.. Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            new TimelineEvent { Kind = K.ServiceStoppingStarted, Subject = $"service-{i}", At = T0 + Duration.FromSeconds(10 + i) },
            new TimelineEvent { Kind = K.ServiceStoppingFinished, Subject = $"service-{i}", At = T0 + Duration.FromMinutes(3) + Duration.FromSeconds(i) },
        }).Append(new TimelineEvent { Kind = K.DatabaseBackupStarted, Subject = "metadata", At = T0 + Duration.FromMinutes(4) })]);
        _running = Record(T0, UpgradeStatus.Upgrading);

        // Zero-downtime: 200 comparables that know when their steps completed (35-50 minutes of steps, 5-15 of
        // verification); a running upgrade still in its steps, and one verifying since its steps completed at 30 minutes.
        _zeroDowntimeComparables = [.. Enumerable.Range(0, 200).Select(i =>
        {
            var steps = Duration.FromMinutes(35 + random.Next(15));
            return new ComparableUpgrade
            {
                RecordId = UpgradeRecordId.New(T0 - Duration.FromDays(300 - i)),
                Mode = UpgradeMode.ZeroDowntime,
                FinishedAt = T0 - Duration.FromDays(300 - i),
                Duration = steps + Duration.FromMinutes(5 + random.Next(10)),
                StepsCompletedAfter = steps,
            };
        })];
        _zeroDowntimeInSteps = ZeroDowntimeRecord(UpgradeStatus.Upgrading, null);
        _zeroDowntimeVerifying = ZeroDowntimeRecord(UpgradeStatus.Verifying, T0 + Duration.FromMinutes(30));
        _page = [.. Enumerable.Range(0, 1_000).Select(i => i < RunningRows
            ? Record(T0 + Duration.FromMinutes(i), UpgradeStatus.Upgrading)
            : Record(T0 - Duration.FromDays(i), UpgradeStatus.Succeeded))];
    }

    private static UpgradeRecord Record(Instant start, UpgradeStatus status) => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(start),
        TargetVersion = ProductVersion.Parse("V5.1.0"),
        InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = status,
        CreatedAt = start,
        CreatedBy = "alice",
        UpgradeStartedAt = start,
        UpgradeEndedAt = status == UpgradeStatus.Succeeded ? start + Duration.FromMinutes(95) : null,
        MaintenanceStartedAt = start,
        MaintenanceEndedAt = status == UpgradeStatus.Succeeded ? start + Duration.FromMinutes(90) : null,
        Version = 3,
    }.ToRecord();

    private static UpgradeRecord ZeroDowntimeRecord(UpgradeStatus status, Instant? stepsCompletedAt) => (UpgradeRecordSnapshot.From(Record(T0, status)) with
    {
        Mode = UpgradeMode.ZeroDowntime,
        MaintenanceStartedAt = null,
        MaintenanceEndedAt = null,
        StepsCompletedAt = stepsCompletedAt,
    }).ToRecord();

    private RecordListRow Row(UpgradeRecord record) => RecordProjections.ToListRow(record, _policy.Evaluate(record, _actor, _display.Culture), _display);

    // What the SDK does for a running row (RecordEstimates): the estimate straight from the record's summaries.
    private UpgradeEstimate Estimate(UpgradeRecord record) =>
        UpgradeEstimator.EstimateFromSummaries(record.UpgradeStartedAt!.Value, _summaries, _comparables, record.UpgradeStartedAt.Value + Duration.FromMinutes(10));

    [Benchmark(Baseline = true)]
    public RecordListRow RunningRow() => Row(_running);

    [Benchmark]
    public RecordListRow RunningRowWithEstimate() => Row(_running) with { Estimate = Estimate(_running) };

    /// <summary>A zero-downtime row without its estimate: the baseline of the two below.</summary>
    [Benchmark]
    public RecordListRow ZeroDowntimeRow() => Row(_zeroDowntimeInSteps);

    /// <summary>A zero-downtime row still in its steps (RecordEstimates' call): the comparables still in theirs are picked out.</summary>
    [Benchmark]
    public RecordListRow ZeroDowntimeRowWithEstimate() => Row(_zeroDowntimeInSteps) with
    {
        Estimate = UpgradeEstimator.Estimate(T0, null, _zeroDowntimeComparables, T0 + Duration.FromMinutes(40), null, null, _zeroDowntimeInSteps.StepsCompletedAt),
    };

    /// <summary>A zero-downtime row verifying: measured from its steps' end like from a finished node.</summary>
    [Benchmark]
    public RecordListRow ZeroDowntimeVerifyingRowWithEstimate() => Row(_zeroDowntimeVerifying) with
    {
        Estimate = UpgradeEstimator.Estimate(T0, null, _zeroDowntimeComparables, T0 + Duration.FromMinutes(35), null, null, _zeroDowntimeVerifying.StepsCompletedAt),
    };

    /// <summary>The way the SDK estimated until 2026-12-07: the summaries aggregated into the timeline first.</summary>
    [Benchmark]
    public RecordListRow RunningRowWithEstimateFromTimeline() => Row(_running) with
    {
        Estimate = UpgradeEstimator.Estimate(_running.UpgradeStartedAt!.Value, TimelineAggregator.FromSummaries(_summaries), _comparables,
            _running.UpgradeStartedAt.Value + Duration.FromMinutes(10), UpgradeEstimator.LastProgressAt(_summaries)),
    };

    [Benchmark]
    public RecordListRow[] Page()
    {
        var rows = new RecordListRow[_page.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Row(_page[i]);
        }

        return rows;
    }

    [Benchmark]
    public RecordListRow[] PageWithEstimates()
    {
        var rows = new RecordListRow[_page.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var record = _page[i];
            var row = Row(record);
            rows[i] = record.Status == UpgradeStatus.Upgrading ? row with { Estimate = Estimate(record) } : row;
        }

        return rows;
    }
}
