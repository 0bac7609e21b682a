using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Estimates;

/// <summary>
/// The estimate made straight from a record's subject summaries (what the list rows, the View log and the stall check
/// use, so that a row's estimate does not build the timeline) is the estimate of the timeline those summaries aggregate
/// to (R-ETA-1, R-ETA-2): the same node is the last finished, with the same end, and the same latest progress.
/// </summary>
public class EstimateFromSummariesTests
{
    private static readonly Instant Start = At(0);

    private static readonly (K Start, K End)[] Nodes =
    [
        (K.ServiceStoppingStarted, K.ServiceStoppingFinished),
        (K.DatabaseBackupStarted, K.DatabaseBackupCompleted),
        (K.ServiceStartingStarted, K.ServiceStartingFinished),
        (K.DataUpdateTaskStarted, K.DataUpdateTaskFinished),
        (K.DataServiceStudioUpgradeStarted, K.DataServiceStudioUpgradeCompleted),
    ];

    // Comparables that ran every node, with their ends spread so each node gives its own band.
    private static readonly ComparableUpgrade[] Comparables = [.. Enumerable.Range(0, 12).Select(i => new ComparableUpgrade
    {
        RecordId = UpgradeRecordId.New(At(-2000 + i)),
        Mode = UpgradeMode.Maintenance,
        FinishedAt = At(-1000 + i),
        Duration = Duration.FromMinutes(90 + (7 * i)),
        NodeEnds = new Dictionary<TimelineNodeKind, Duration>
        {
            [TimelineNodeKind.StopServices] = Duration.FromMinutes(3 + i),
            [TimelineNodeKind.DatabaseBackup] = Duration.FromMinutes(15 + (2 * i)),
            [TimelineNodeKind.UpgradeServices] = Duration.FromMinutes(35 + (3 * i)),
            [TimelineNodeKind.DataUpdate] = Duration.FromMinutes(60 + (4 * i)),
            [TimelineNodeKind.DataServiceStudioUpgrade] = Duration.FromMinutes(75 + (5 * i)),
        },
    })];

    private static UpgradeEstimate FromTimeline(IReadOnlyList<TimelineSubjectSummary> summaries, Instant now, UpgradeEstimateOptions? options = null) =>
        UpgradeEstimator.Estimate(Start, TimelineAggregator.FromSummaries(summaries), Comparables, now, UpgradeEstimator.LastProgressAt(summaries), options);

    [Fact]
    public void EstimateFromSummaries_GeneratedTimelines_SameAsTheEstimateOfTheAggregatedTimeline_R_ETA_1_R_ETA_2()
    {
        // Generated timelines: nodes finished, running, not started; ends before starts (inconsistent reports); events
        // before the upgrade's start; subjects given in two summaries (a store keeps one, a caller may pass two).
        var random = new Random(2027);
        var differences = new List<string>();
        for (var run = 0; run < 3_000; run++)
        {
            var events = new List<TimelineEvent>();
            foreach (var (startKind, endKind) in Nodes.Take(random.Next(Nodes.Length + 1)))
            {
                for (var subject = random.Next(1, 4); subject > 0; subject--)
                {
                    var name = $"s{subject}";
                    var started = At(random.Next(-5, 100));
                    if (random.Next(5) > 0)
                    {
                        events.Add(E(startKind, name, started));
                    }

                    if (random.Next(3) > 0)
                    {
                        var outcome = endKind == K.DataUpdateTaskFinished ? DataUpdateTaskOutcome.Success : (DataUpdateTaskOutcome?)null;
                        events.Add(E(endKind, name, started + Duration.FromMinutes(random.Next(-3, 30)), outcome));
                    }
                }
            }

            var split = random.Next(events.Count + 1);
            IReadOnlyList<TimelineSubjectSummary> summaries = random.Next(4) == 0
                ? [.. TimelineSubjectSummary.Summarize(events.Take(split)), .. TimelineSubjectSummary.Summarize(events.Skip(split))]
                : TimelineSubjectSummary.Summarize(events);
            var now = At(random.Next(0, 260));
            var options = random.Next(2) == 0 ? null : new UpgradeEstimateOptions { NoProgressTimeout = null, StallMargin = Duration.FromMinutes(random.Next(0, 20)) };

            var direct = UpgradeEstimator.EstimateFromSummaries(Start, summaries, Comparables, now, options);

            var expected = FromTimeline(summaries, now, options);
            if (direct != expected)
            {
                differences.Add($"run {run}: {direct} != {expected}");
            }
        }

        Assert.Empty(differences);
    }

    [Fact]
    public void EstimateFromSummaries_SubjectGivenTwiceStartThenEnd_ItsNodeCountsAsFinished_R_ETA_1()
    {
        IReadOnlyList<TimelineSubjectSummary> summaries =
        [
            .. TimelineSubjectSummary.Summarize([E(K.ServiceStoppingStarted, "api", At(1))]),
            .. TimelineSubjectSummary.Summarize([E(K.ServiceStoppingFinished, "api", At(6))]),
        ];
        var stillRunning = TimelineSubjectSummary.Summarize([E(K.ServiceStoppingStarted, "api", At(1))]);

        var finished = UpgradeEstimator.EstimateFromSummaries(Start, summaries, Comparables, At(7));
        var running = UpgradeEstimator.EstimateFromSummaries(Start, stillRunning, Comparables, At(7));

        // After stopping services at 6 minutes, each comparable ran 87 more minutes (90 + 7i - (3 + i) = 87 + 6i).
        Assert.Equal(At(6) + Duration.FromMinutes(87 + (6 * 5.5)), finished.ExpectedEndAt);
        Assert.Equal(Start + Duration.FromMinutes(90 + (7 * 5.5)), running.ExpectedEndAt);
        Assert.Equal(FromTimeline(summaries, At(7)), finished);
    }

    [Fact]
    public void EstimateFromSummaries_EndReportedBeforeItsStart_NodeStillRunning_R_ETA_1()
    {
        var summaries = TimelineSubjectSummary.Summarize([E(K.ServiceStoppingStarted, "api", At(5)), E(K.ServiceStoppingFinished, "api", At(4))]);

        var estimate = UpgradeEstimator.EstimateFromSummaries(Start, summaries, Comparables, At(7));

        Assert.Equal(Start + Duration.FromMinutes(90 + (7 * 5.5)), estimate.ExpectedEndAt); // from the start: no node finished
    }

    [Fact]
    public void EstimateFromSummaries_NoProgressForLongerThanTimeout_StalledNoProgress_R_ETA_2()
    {
        var summaries = TimelineSubjectSummary.Summarize([E(K.ServiceStoppingStarted, "api", At(1))]);

        var quiet = UpgradeEstimator.EstimateFromSummaries(Start, summaries, Comparables, At(32));
        var justInTime = UpgradeEstimator.EstimateFromSummaries(Start, summaries, Comparables, At(31));

        Assert.Equal(StallReason.NoProgress, quiet.Stall);
        Assert.Equal(StallReason.None, justInTime.Stall);
    }
}
