using System.Net;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>The Server-Sent Events endpoints serve the service's watches (R-LIVE-1, R-LIVE-2).</summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    private static readonly TimeSpan EventBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RecordEvents_ChangesWhileOpen_R_LIVE_1_StreamsEachWithItsPositionAsId()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();
        using var stream = await EventStream.OpenAsync(host, $"/api/upgrades/{record.Id}/events");

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var snapshot = await stream.NextAsync();
        Assert.Equal("snapshot", (string?)snapshot.Data["kind"]);
        Assert.Equal("upgrading", (string?)snapshot.Data["row"]!["status"]!["code"]);

        await host.Service.HostReports.ReportTimelineEventsAsync(record.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "api", At = host.Clock.GetCurrentInstant() }]);
        await host.Service.Commands.StopAsync(record.Id, HeaderOperatorAccessor.Alice, new StopOptions(true));

        var appended = await stream.NextAsync();
        var stopped = await stream.NextAsync();
        Assert.Equal("timelineAppended", (string?)appended.Data["kind"]);
        Assert.Equal("updated", (string?)stopped.Data["kind"]);
        Assert.Equal("stopped", (string?)stopped.Data["log"]!["status"]!["code"]);
        Assert.Equal((long)stopped.Data["position"]!, long.Parse(stopped.Id!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(long.Parse(appended.Id!, System.Globalization.CultureInfo.InvariantCulture) < long.Parse(stopped.Id!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ListEvents_LastEventId_R_LIVE_2_ResumesAfterItMissingNothingSeeingNothingTwice()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();
        string lastSeen;
        using (var first = await EventStream.OpenAsync(host, "/api/upgrades/events"))
        {
            lastSeen = (await first.NextLineAsync(l => l.StartsWith("id: ", StringComparison.Ordinal)))[4..];
        }

        // Changed while nobody watched.
        for (var i = 0; i < 3; i++)
        {
            await host.Service.HostReports.ReportTimelineEventsAsync(record.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"svc-{i}", At = host.Clock.GetCurrentInstant() }]);
        }

        using var resumed = await EventStream.OpenAsync(host, "/api/upgrades/events", lastSeen);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var e = await resumed.NextAsync();
            Assert.Equal("timelineAppended", (string?)e.Data["kind"]);
            ids.Add(long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture));
        }

        var expected = (await host.Services.GetRequiredService<Storage.IUpgradeStore>().ReadChangesAsync(long.Parse(lastSeen, System.Globalization.CultureInfo.InvariantCulture), 10))
            .Select(c => c.Position);
        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task ListEvents_Idle_R_LIVE_1_SendsHeartbeats()
    {
        await using var host = await KestrelHost.StartAsync(endpoints: o => o.EventsHeartbeatInterval = TimeSpan.FromSeconds(1));
        using var stream = await EventStream.OpenAsync(host, "/api/upgrades/events");

        Assert.Equal(": heartbeat", await stream.NextLineAsync(l => l.StartsWith(':')));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("12345678901234567890")]
    public async Task ListEvents_MalformedLastEventId_R_SEC_3_IsA400Problem(string lastEventId)
    {
        await using var host = await KestrelHost.StartAsync();
        using var request = KestrelHost.Request(HttpMethod.Get, "/api/upgrades/events");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);

        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RecordEvents_NoOperatorOrUnknownRecord_R_SM_7_AreProblems()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var anonymous = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{record.Id}/events", operatorId: null);
        using var unknown = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{UpgradeRecordId.New(host.Clock.GetCurrentInstant())}/events");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A client of one <c>text/event-stream</c> response that reads it event by event, each read bounded.</summary>
    private sealed class EventStream : IDisposable
    {
        private readonly StreamReader _reader;

        private EventStream(HttpResponseMessage response, StreamReader reader)
        {
            Response = response;
            _reader = reader;
        }

        public HttpResponseMessage Response { get; }

        public static async Task<EventStream> OpenAsync(KestrelHost host, string path, string? lastEventId = null)
        {
            var request = KestrelHost.Request(HttpMethod.Get, path);
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }

            var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task<(string? Id, JsonObject Data)> NextAsync()
        {
            string? id = null;
            while (true)
            {
                var line = await NextLineAsync(_ => true);
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    return (id, JsonNode.Parse(line[6..])!.AsObject());
                }
            }
        }

        public async Task<string> NextLineAsync(Func<string, bool> wanted)
        {
            using var bound = new CancellationTokenSource(EventBound);
            while (true)
            {
                var line = await _reader.ReadLineAsync(bound.Token) ?? throw new InvalidOperationException("The stream ended.");
                if (line.Length > 0 && wanted(line))
                {
                    return line;
                }
            }
        }

        /// <summary>Reads on until the server ends the response (a heartbeat may come first); fails if an event or an error comes.</summary>
        public async Task AssertEndsAsync()
        {
            using var bound = new CancellationTokenSource(EventBound);
            while (await _reader.ReadLineAsync(bound.Token) is { } line)
            {
                Assert.False(line.StartsWith("data: ", StringComparison.Ordinal), $"An event came instead of the end: {line}");
            }
        }

        public void Dispose()
        {
            _reader.Dispose();
            Response.Dispose();
        }
    }
}
