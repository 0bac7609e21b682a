using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Service;

public class UpgradeCommandsConcurrencyTests
{
    [Fact]
    public async Task ConflictingOperatorActions_AtOnce_ExactlyOneWinsOthersConflict()
    {
        for (var round = 0; round < 20; round++)
        {
            var h = new ServiceHarness();
            var record = await h.InStatusAsync(UpgradeStatus.Upgrading);
            using var go = new ManualResetEventSlim();
            var actions = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            {
                go.Wait();
                return i % 2 == 0
                    ? await h.Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(i % 4 == 0), record.Version)
                    : await h.Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = OperatorReason.Parse("finished by hand") }, record.Version);
            })).ToList();
            go.Set();

            var outcomes = await Task.WhenAll(actions.Select(async t =>
            {
                try
                {
                    return (Winner: await t, Error: (Exception?)null);
                }
                catch (ConcurrencyConflictException ex)
                {
                    return (Winner: (UpgradeRecord?)null, Error: (Exception?)ex);
                }
            }));

            var winner = Assert.Single(outcomes, o => o.Winner is not null).Winner!;
            Assert.All(outcomes.Where(o => o.Winner is null), o => Assert.IsType<ConcurrencyConflictException>(o.Error));
            var stored = await h.Service.Queries.GetAsync(record.Id);
            Assert.Equal(winner, stored);
            Assert.Equal(record.Version + 1, stored.Version);
            await h.Service.Delivery.DeliverPendingNotificationsAsync();
            Assert.Single(h.Handler.Received);
            var trail = await h.Service.Queries.GetAuditTrailAsync(record.Id);
            Assert.Equal(15, trail.Count(e => e.Reason == ActionReasonCode.ConcurrencyConflict));
        }
    }

    [Fact]
    public async Task ProgressReports_RacingAnOperatorAction_AreNeverLost()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Upgrading);

        var reports = Enumerable.Range(0, 50).Select(i => Task.Run(() => h.Service.HostReports.ReportProgressAsync(
            record.Id, new ProgressReport { ForceStopTaskRan = i == 17, ApplicationShutdownStarted = i == 33 })));
        await Task.WhenAll(reports);

        var after = await h.Service.Queries.GetAsync(record.Id);
        Assert.True(after.ForceStopTaskRan);
        Assert.True(after.ApplicationShutdownStarted);
        Assert.Equal(record.Version + 50, after.Version);
    }
}
