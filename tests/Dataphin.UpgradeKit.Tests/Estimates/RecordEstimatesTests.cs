using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Projections;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Projections.ProjectionScenario;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Estimates;

/// <summary>
/// Estimates on the list rows, built from upgrades run through the commands on the in-memory store: the store's window
/// of comparable upgrades is filled from the succeeded records on first use (R-ETA-1).
/// </summary>
public class RecordEstimatesTests
{
    private static UpgradeRecordId Id(int n) => UpgradeRecordId.Parse($"0195e0a1b2c37d4e8f9a0b1c2d3e4f{n:x2}");

    private static async Task SucceedAsync(ProjectionScenario scenario, UpgradeRecordId id, int startMinute, int minutes,
        UpgradeMode mode = UpgradeMode.Maintenance, int verificationMinutes = 1)
    {
        scenario.Clock.Reset(At(startMinute - 5));
        await scenario.InsertConfiguringAsync(mode, id);
        await scenario.Service.Commands.SaveConfigurationAsync(id, new ConfigurationFile("c.yaml", "x"u8.ToArray(), At(startMinute - 5)), Alice);
        scenario.Clock.Reset(At(startMinute));
        await scenario.Service.HostReports.StartAsync(id);
        scenario.Clock.Reset(At(startMinute + minutes - verificationMinutes));
        await scenario.Service.HostReports.MarkStepsCompletedAsync(id);
        scenario.Clock.Reset(At(startMinute + minutes));
        await scenario.Service.Commands.CompleteAsync(id, Alice);
    }

    private static async Task<UpgradeRecordId> StartRunningAsync(ProjectionScenario scenario, int startMinute, UpgradeMode mode = UpgradeMode.Maintenance)
    {
        var id = Id(99);
        scenario.Clock.Reset(At(startMinute - 5));
        await scenario.InsertConfiguringAsync(mode, id);
        await scenario.Service.Commands.SaveConfigurationAsync(id, new ConfigurationFile("c.yaml", "x"u8.ToArray(), At(startMinute - 5)), Alice);
        scenario.Clock.Reset(At(startMinute));
        await scenario.Service.HostReports.StartAsync(id);
        return id;
    }

    private static async Task<RecordListRow> RowAsync(ProjectionScenario scenario, UpgradeRecordId id) =>
        (await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery { PageSize = 50 }, Alice, DisplayContext.Default)).Rows.Single(r => r.Id == id);

    [Fact]
    public async Task ListRowsAsync_ThreeSucceededOfTheMode_RunningRowCarriesMedianAndBand_R_ETA_1()
    {
        var scenario = ProjectionScenario.Create();
        await SucceedAsync(scenario, Id(1), 0, 60);
        await SucceedAsync(scenario, Id(2), 100, 80);
        await SucceedAsync(scenario, Id(3), 200, 100);
        var running = await StartRunningAsync(scenario, 400);
        scenario.Clock.Reset(At(410));

        var estimate = (await RowAsync(scenario, running)).Estimate!;

        // Of 60, 80 and 100 minutes, each completing its steps a minute before its end: all three are still in their steps
        // at 10 minutes, so each steps' end (59, 79, 99) with each verification (1 minute): nine candidates, three each of
        // 60, 80 and 100; 10th percentile 60, median 80, 90th 100, counted from the start at 400.
        Assert.True(estimate.HasBaseline);
        Assert.Equal(3, estimate.Comparables);
        Assert.Equal((At(460), At(480), At(500)), (estimate.EarliestEndAt, estimate.ExpectedEndAt, estimate.LatestEndAt));
        Assert.Equal(70 * 60_000L, estimate.RemainingMilliseconds);
        Assert.Equal(StallReason.None, estimate.Stall);
    }

    [Fact]
    public async Task ListRowsAsync_ZeroDowntimeStepsCompleted_RowMeasuredFromTheStepsEnd_R_ETA_1()
    {
        // Zero-downtime upgrades of 60, 80 and 100 minutes whose verification took 10, 20 and 30 minutes. The running one
        // completed its steps at 420: it is expected 10 to 30 minutes later (12, 20, 28), not 60 to 100 after its start.
        var scenario = ProjectionScenario.Create();
        await SucceedAsync(scenario, Id(1), 0, 60, UpgradeMode.ZeroDowntime, verificationMinutes: 10);
        await SucceedAsync(scenario, Id(2), 200, 80, UpgradeMode.ZeroDowntime, verificationMinutes: 20);
        await SucceedAsync(scenario, Id(3), 400, 100, UpgradeMode.ZeroDowntime, verificationMinutes: 30);
        var running = await StartRunningAsync(scenario, 600, UpgradeMode.ZeroDowntime);
        scenario.Clock.Reset(At(620));
        await scenario.Service.HostReports.MarkStepsCompletedAsync(running);
        scenario.Clock.Reset(At(621));

        var estimate = (await RowAsync(scenario, running)).Estimate!;

        Assert.Equal((At(632), At(640), At(648)), (estimate.EarliestEndAt, estimate.ExpectedEndAt, estimate.LatestEndAt));
        Assert.Equal(At(648), estimate.StallThresholdAt);
    }

    [Fact]
    public async Task ListRowsAsync_TwoSucceeded_RunningRowSaysNoBaseline_R_ETA_1()
    {
        var scenario = ProjectionScenario.Create();
        await SucceedAsync(scenario, Id(1), 0, 60);
        await SucceedAsync(scenario, Id(2), 100, 80);
        var running = await StartRunningAsync(scenario, 400);
        scenario.Clock.Reset(At(410));

        var estimate = (await RowAsync(scenario, running)).Estimate!;

        Assert.Equal((false, 2, (Instant?)null), (estimate.HasBaseline, estimate.Comparables, estimate.ExpectedEndAt));
    }

    [Fact]
    public async Task ListRowsAsync_FinishedRows_CarryNoEstimate_R_ETA_1()
    {
        var scenario = ProjectionScenario.Create();
        await SucceedAsync(scenario, Id(1), 0, 60);

        Assert.Null((await RowAsync(scenario, Id(1))).Estimate);
    }

    [Fact]
    public async Task ListRowsAsync_RunningPastBandByMoreThanMargin_RowSaysStalled_R_ETA_2()
    {
        var scenario = ProjectionScenario.Create(new UpgradeKitOptions { Estimates = { NoProgressTimeout = null } });
        await SucceedAsync(scenario, Id(1), 0, 60);
        await SucceedAsync(scenario, Id(2), 100, 80);
        await SucceedAsync(scenario, Id(3), 200, 100);
        var running = await StartRunningAsync(scenario, 400);
        // The band's 90th percentile as of the start is 100 minutes (as in the test above), the margin 10.
        scenario.Clock.Reset(At(400 + 100 + 10));
        var atMargin = (await RowAsync(scenario, running)).Estimate!;
        scenario.Clock.Reset(At(400 + 100 + 10) + Duration.FromSeconds(1));

        var estimate = (await RowAsync(scenario, running)).Estimate!;

        Assert.Equal((false, StallReason.None), (atMargin.Stalled, atMargin.Stall));
        Assert.Equal((true, StallReason.PastEstimate), (estimate.Stalled, estimate.Stall));
    }

    [Fact]
    public async Task SaveComparablesAsync_SameRecordTwice_KeptOnce()
    {
        var store = new InMemoryUpgradeStore();
        var one = new ComparableUpgrade { RecordId = Id(1), Mode = UpgradeMode.Maintenance, FinishedAt = At(60), Duration = Duration.FromMinutes(60) };
        var two = one with { RecordId = Id(2), FinishedAt = At(90) };

        await store.SaveComparablesAsync([one, two]);
        await store.SaveComparablesAsync([one]);

        Assert.Equal([Id(2), Id(1)], (await store.ReadComparablesAsync(UpgradeMode.Maintenance, 10)).Select(c => c.RecordId));
        Assert.Empty(await store.ReadComparablesAsync(UpgradeMode.ZeroDowntime, 10));
        Assert.Equal(At(90), await store.LatestComparableFinishAsync());
    }
}
