using System.Globalization;
using System.Net;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>Hostile or failing event streams: positions out of range, a store that fails while a stream is open.</summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    public static TheoryData<string, bool, string> OutOfRangePositions => new()
    {
        // The largest 64-bit position has no successor to resume with; before the check the service overflowed (500).
        { "/api/upgrades/events", true, "9223372036854775807" },
        { "/api/upgrades/events", false, "9223372036854775807" },
        { "/api/upgrades/{id}/events", true, "9223372036854775807" },
        { "/api/upgrades/{id}/events", false, "9223372036854775807" },
        { "/api/upgrades/events", true, "9223372036854775808" },
        { "/api/upgrades/{id}/events", false, "-5" },
    };

    [Theory]
    [MemberData(nameof(OutOfRangePositions))]
    public async Task Events_PositionOutOfRange_R_SEC_3_R_LIVE_2_IsA400ProblemNamingTheAcceptedRange(string path, bool header, string position)
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();
        path = path.Replace("{id}", record.Id.ToString(), StringComparison.Ordinal);
        using var request = KestrelHost.Request(HttpMethod.Get, header ? path : $"{path}?lastEventId={Uri.EscapeDataString(position)}");
        if (header)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", position);
        }

        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.InvalidRequest, (string?)problem["type"]);
        Assert.Equal(header ? "Last-Event-ID" : "lastEventId", (string?)problem["parameter"]);
        Assert.Equal(0L, (long)problem["minimum"]!);
        Assert.Equal(long.MaxValue - 1, (long)problem["maximum"]!);
        Assert.Contains((long.MaxValue - 1).ToString(CultureInfo.InvariantCulture), (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_PositionAheadOfTheFeed_R_LIVE_2_IsA400ProblemAndTheFeedsLastPositionIsAccepted()
    {
        // long.MaxValue - 1 passes the range check of the header, but the feed never handed it out: resuming after it
        // would skip every change up to it, so the service refuses it (a restored database, a made-up id). The page
        // restarts a stream whose reconnection is refused, without a position.
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();
        using var ahead = KestrelHost.Request(HttpMethod.Get, $"/api/upgrades/events?lastEventId={long.MaxValue - 1}");

        using var refused = await host.Client.SendAsync(ahead, HttpCompletionOption.ResponseHeadersRead);
        var problem = await ProblemAsync(refused);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(UpgradeProblemTypes.InvalidRequest, (string?)problem["type"]);

        var last = await host.Service.Watches.GetWatchPositionAsync();
        using var current = KestrelHost.Request(HttpMethod.Get, $"/api/upgrades/{record.Id}/events?lastEventId={last}");
        using var accepted = await host.Client.SendAsync(current, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task ListEvents_StoreFailsWhileOpen_R_LIVE_2_StaysOpenWithOneWarningAndDeliversWhatItMissed()
    {
        var (store, faults) = FailingChangeFeedStore.Create();
        var logs = new LogRecorder();
        await using var host = await KestrelHost.StartAsync(_ => store, logs);
        var record = await host.UpgradingAsync();
        using var stream = await EventStream.OpenAsync(host, "/api/upgrades/events");
        await host.Service.HostReports.ReportTimelineEventsAsync(record.Id,
            [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "before", At = host.Clock.GetCurrentInstant() }]);
        var lastSeen = (await stream.NextAsync()).Id!;

        faults.Failing = true;
        await host.Service.HostReports.ReportTimelineEventsAsync(record.Id,
            [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "during", At = host.Clock.GetCurrentInstant() }]);
        await faults.Failed.Task.WaitAsync(EventBound);
        faults.Failing = false;

        // The watch behind the stream reads again from its position once the store answers: the same stream carries
        // the change committed during the outage, and nothing else.
        var missed = await stream.NextAsync();
        Assert.Equal("timelineAppended", (string?)missed.Data["kind"]);
        Assert.Equal(long.Parse(lastSeen, CultureInfo.InvariantCulture) + 1, long.Parse(missed.Id!, CultureInfo.InvariantCulture));
        var entry = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(1310, entry.EventId.Id);
        Assert.IsType<UpgradeStoreException>(entry.Exception);
    }

    [Fact]
    public async Task ListEvents_StoreFailsForGoodWhileOpen_R_LIVE_2_EndsTheStreamWithOneWarningAndResumesWithNothingLost()
    {
        // A schema mismatch is not ridden out: the watch ends, and the stream that already started ends cleanly with one
        // log entry instead of a 503 written into a started response.
        var (store, faults) = FailingChangeFeedStore.Create();
        faults.Error = () => new SchemaVersionMismatchException("in-memory", 2, 3);
        var logs = new LogRecorder();
        await using var host = await KestrelHost.StartAsync(_ => store, logs);
        var record = await host.UpgradingAsync();
        string lastSeen;
        using (var stream = await EventStream.OpenAsync(host, "/api/upgrades/events"))
        {
            await host.Service.HostReports.ReportTimelineEventsAsync(record.Id,
                [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "before", At = host.Clock.GetCurrentInstant() }]);
            lastSeen = (await stream.NextAsync()).Id!;

            faults.Failing = true;
            await host.Service.HostReports.ReportTimelineEventsAsync(record.Id,
                [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "during", At = host.Clock.GetCurrentInstant() }]);
            await faults.Failed.Task.WaitAsync(EventBound);

            // The stream ends: the reader reaches its end instead of an error or a hang.
            await stream.AssertEndsAsync();
        }

        faults.Failing = false;
        using var resumed = await EventStream.OpenAsync(host, "/api/upgrades/events", lastSeen);
        var missed = await resumed.NextAsync();

        Assert.Equal("timelineAppended", (string?)missed.Data["kind"]);
        Assert.Equal(long.Parse(lastSeen, CultureInfo.InvariantCulture) + 1, long.Parse(missed.Id!, CultureInfo.InvariantCulture));
        var entry = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(3100, entry.EventId.Id);
        Assert.IsType<SchemaVersionMismatchException>(entry.Exception);
        Assert.Contains(lastSeen, entry.Message, StringComparison.Ordinal);
    }
}
