using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>
    /// A comparable upgrade is read back as it was kept, with when its steps completed, or without it when that was not
    /// known; saving one again leaves the first as it is.
    /// </summary>
    [StoreFact]
    public async Task Comparables_SavedWithAndWithoutStepsEnd_ReadBackAsKept()
    {
        var store = await NewStoreAsync();
        var estimates = Assert.IsAssignableFrom<IUpgradeEstimateStore>(store);
        var withSteps = new ComparableUpgrade
        {
            RecordId = UpgradeRecordId.New(T0),
            Mode = UpgradeMode.ZeroDowntime,
            FinishedAt = T0 + Duration.FromMinutes(45),
            Duration = Duration.FromMinutes(45),
            StepsCompletedAfter = Duration.FromMinutes(35) + Duration.FromTicks(7),
        };
        var withoutSteps = withSteps with { RecordId = UpgradeRecordId.New(T0 + Duration.FromDays(1)), FinishedAt = T0 + Duration.FromDays(1), StepsCompletedAfter = null };
        var maintenance = withSteps with
        {
            RecordId = UpgradeRecordId.New(T0 + Duration.FromDays(2)),
            Mode = UpgradeMode.Maintenance,
            FinishedAt = T0 + Duration.FromDays(2),
            NodeEnds = new Dictionary<TimelineNodeKind, Duration> { [TimelineNodeKind.DataUpdate] = Duration.FromMinutes(30) },
            StepsCompletedAfter = Duration.FromMinutes(40),
        };

        await estimates.SaveComparablesAsync([withSteps, withoutSteps, maintenance]);
        await estimates.SaveComparablesAsync([withSteps with { StepsCompletedAfter = Duration.FromMinutes(1) }]);

        var zeroDowntime = await estimates.ReadComparablesAsync(UpgradeMode.ZeroDowntime, 10);
        Assert.Equal([withoutSteps.RecordId, withSteps.RecordId], zeroDowntime.Select(c => c.RecordId));
        Assert.Null(zeroDowntime[0].StepsCompletedAfter);
        Assert.Equal(Duration.FromMinutes(35) + Duration.FromTicks(7), zeroDowntime[1].StepsCompletedAfter);
        var kept = Assert.Single(await estimates.ReadComparablesAsync(UpgradeMode.Maintenance, 10));
        Assert.Equal((Duration.FromMinutes(40), Duration.FromMinutes(30)), (kept.StepsCompletedAfter, kept.NodeEnds[TimelineNodeKind.DataUpdate]));
    }
}
