using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Service;

public partial class UpgradeHostReportsTimelineTests
{
    [Fact]
    public async Task ReportTimelineEvents_ManyReportersWhileOperatorStops_NoEventLostStopCleanOrConflict_R_TIME_9()
    {
        const int Reporters = 8;
        const int EventsEach = 200;
        var record = await StartedAsync();
        using var go = new ManualResetEventSlim(false);

        var reporters = Enumerable.Range(0, Reporters).Select(r => Task.Run(async () =>
        {
            go.Wait();
            for (var i = 0; i < EventsEach; i += 2)
            {
                // One service per pair: started, then finished a second later; each report is its own call.
                var subject = $"svc-{r}-{i}";
                await _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingStarted, subject, At(31, i % 60))]);
                await _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingFinished, subject, At(31, i % 60) + Duration.FromSeconds(1))]);
            }
        })).ToArray();

        // A host reporting progress facts makes the record's version move, so the operator's stop (made with the version
        // the operator saw) may meet a concurrent change: it must then fail whole, with the typed conflict.
        var progress = Task.Run(async () =>
        {
            go.Wait();
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await _service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { CurrentStep = $"step-{i}" });
                }
                catch (OperationNotPermittedException)
                {
                    return; // the stop won: the record is terminal, progress facts no longer apply
                }
            }
        });
        var stop = Task.Run(async () =>
        {
            go.Wait();
            await Task.Yield();
            return await _service.Commands.StopAsync(record.Id, Alice, new StopOptions(true), expectedVersion: record.Version);
        });

        go.Set();
        await Task.WhenAll(reporters);
        await progress;
        Exception? stopError = null;
        try
        {
            await stop;
        }
        catch (ConcurrencyConflictException ex)
        {
            stopError = ex;
        }

        var events = await _store.ReadEventsAsync(record.Id);
        Assert.Equal(Reporters * EventsEach, events.Count);
        Assert.Equal(Reporters * EventsEach, events.Select(e => e.Key).Distinct().Count());
        var after = await _service.Queries.GetAsync(record.Id);
        var trail = await _service.Queries.GetAuditTrailAsync(record.Id);
        if (stopError is null)
        {
            Assert.Equal(UpgradeStatus.Stopped, after.Status);
            Assert.True(after.RerunForceStoppedInstances);
            Assert.Single(trail, a => a.Operation == UpgradeOperation.Stop && a.Outcome == Dataphin.UpgradeKit.Auditing.AuditOutcome.Accepted);
        }
        else
        {
            Assert.Equal(UpgradeStatus.Upgrading, after.Status);
            Assert.Null(after.UpgradeEndedAt);
            Assert.DoesNotContain(trail, a => a.Operation == UpgradeOperation.Stop && a.Outcome == Dataphin.UpgradeKit.Auditing.AuditOutcome.Accepted);
        }

        // The whole stream aggregates: every service stopped, so the node is finished.
        var node = TimelineAggregator.Aggregate(events)[TimelineNodeKind.StopServices];
        Assert.Equal(TimelineNodeState.Finished, node.State);
    }
}
