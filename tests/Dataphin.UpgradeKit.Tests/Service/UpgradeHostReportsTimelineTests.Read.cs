using Dataphin.UpgradeKit.Timeline;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Service;

public partial class UpgradeHostReportsTimelineTests
{
    [Fact]
    public async Task GetTimeline_ReportedEventsInAnyOrder_AggregatedWithoutTheStore_R_TIME_3()
    {
        var record = await StartedAsync();
        await _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingFinished, "api", At(32))]);
        await _service.HostReports.ReportTimelineEventsAsync(record.Id, [E(K.ServiceStoppingStarted, "api", At(31))]);

        var timeline = await _service.Queries.GetTimelineAsync(record.Id);

        var node = timeline![TimelineNodeKind.StopServices];
        Assert.Equal(TimelineNodeState.Finished, node.State);
        Assert.Equal(At(31), node.StartedAt);
        Assert.Equal(At(32), node.EndedAt);
    }

    [Fact]
    public async Task GetTimeline_ZeroDowntime_HasNoTimeline_R_TIME_6()
    {
        var record = await StartedAsync(UpgradeMode.ZeroDowntime);

        Assert.Null(await _service.Queries.GetTimelineAsync(record.Id));
    }

    [Fact]
    public async Task GetTimeline_UnknownRecord_NotFound()
    {
        await Assert.ThrowsAsync<UpgradeRecordNotFoundException>(() => _service.Queries.GetTimelineAsync(UpgradeRecordId.New(T0)));
    }
}
