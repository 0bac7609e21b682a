using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Playwright;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The page across two instances (R-LIVE-1, R-LIVE-2): two web hosts of the sample on one PostgreSQL database; the
/// browser shows host A's page while the records change through host B. The changes reach A through PostgreSQL
/// (NOTIFY to A's LISTEN connection, then A's watch reads the change feed), and the page through A's Server-Sent Events.
/// Each test uses records of its own, so the order the tests run in does not matter. In the Timing collection, since one
/// test measures R-LIVE-1's bound; the others wait up to generous ceilings.
/// </summary>
[Collection("Timing")]
public sealed class LivePageTwoHostsTests(TwoSampleHosts site, ITestOutputHelper output) : IClassFixture<TwoSampleHosts>
{
    private const string ListStream = "/api/upgrades/events";

    // Host A's listening connection: its last statement is the LISTEN, or the round trip it makes after 15 idle seconds.
    private const string ListenerOfA =
        $"application_name = '{TwoSampleHosts.HostAName}' AND (query LIKE 'LISTEN%' OR query = 'SELECT 1')";
    private static readonly OperatorIdentity Alice = new("alice", "Alice (operator)");
    private static readonly OperatorIdentity Olga = new("olga", "Olga (O&M engineer)", [RoleOperatorQualification.DefaultRole]);
    private static readonly OperatorIdentity Oscar = new("oscar", "Oscar (O&M engineer)", [RoleOperatorQualification.DefaultRole]);
    /// <summary>The bound the Timing test asserts: R-LIVE-1's second, doubled for the browser's part.</summary>
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    // How long a test waits for the page: a ceiling for a hang, not a speed requirement.
    private static readonly LocatorAssertionsToContainTextOptions ContainWithinCeiling = new() { Timeout = 15_000 };
    private static readonly LocatorAssertionsToHaveTextOptions HaveWithinCeiling = new() { Timeout = 15_000 };

    /// <summary>
    /// Both hosts built (and so seeded) at the same time on one empty database: each seeded upgrade is there once, so
    /// only one host seeded and the other kept what it found.
    /// </summary>
    [RequiresChromiumAndPostgreSqlFact]
    public async Task TwoHostsStartingOnOneDatabase_SeedOnce()
    {
        var records = await site.RecordsAsync();
        Assert.NotEmpty(records);
        Assert.All(records.GroupBy(r => r.TargetVersion), g => Assert.Single(g));
    }

    /// <summary>
    /// The page served by host A shows, without a reload and within 2 seconds each, timeline events reported through
    /// host B's service and a stop sent to host B's HTTP API (R-LIVE-1).
    /// </summary>
    [RequiresChromiumAndPostgreSqlFact]
    [Trait("Category", "Timing")]
    public async Task PageOfHostA_TimelineEventsAndStopThroughHostB_R_LIVE_1_ShowWithinTwoSecondsWithoutReload()
    {
        var page = await site.OpenAsync("alice");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var succeeded = await site.RecordAsync("V5.0.0");
        await OpenLogAsync(page, "V5.0.0", succeeded.Id);

        var now = succeeded.UpgradeEndedAt!.Value;
        var reported = Stopwatch.StartNew();
        await site.ServiceB.HostReports.ReportTimelineEventsAsync(succeeded.Id,
        [
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "two-hosts-reindex", At = now },
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "two-hosts-reindex", At = now + NodaTime.Duration.FromSeconds(5), Outcome = DataUpdateTaskOutcome.Success },
        ]);
        await Assertions.Expect(page.Locator("#log-tasks tbody")).ToContainTextAsync("two-hosts-reindex", ContainWithinCeiling);
        var reportShown = reported.Elapsed;
        output.WriteLine($"timeline events reported through B shown by A's page after {reportShown.TotalMilliseconds:F0} ms (ceiling {TwoSeconds.TotalMilliseconds} ms)");

        var running = await site.RecordAsync("V5.4.0");
        using var http = new HttpClient { BaseAddress = new Uri(site.AddressB) };
        using var stop = new HttpRequestMessage(HttpMethod.Post, $"/api/upgrades/{running.Id}/stop")
        {
            Content = JsonContent.Create(new { rerunForceStoppedInstances = true, expectedVersion = running.Version }),
        };
        stop.Headers.Add("X-Operator", "alice");
        var stopped = Stopwatch.StartNew();
        using (var answer = await http.SendAsync(stop))
        {
            Assert.True(answer.IsSuccessStatusCode, $"host B answered the stop {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }

        await Assertions.Expect(BrowserSite.Row(page, "V5.4.0").Locator("td[data-status]")).ToHaveTextAsync("Upgrade Stopped", HaveWithinCeiling);
        var stopShown = stopped.Elapsed;
        output.WriteLine($"stop sent to B's HTTP API shown by A's page after {stopShown.TotalMilliseconds:F0} ms (ceiling {TwoSeconds.TotalMilliseconds} ms)");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was not reloaded");
        Assert.True(reportShown < TwoSeconds, $"the timeline events took {reportShown.TotalMilliseconds:F0} ms to show");
        Assert.True(stopShown < TwoSeconds, $"the stop took {stopShown.TotalMilliseconds:F0} ms to show");
    }

    /// <summary>
    /// The connection is dropped in two moves: the browser goes offline (Chrome DevTools' offline emulation, Playwright's
    /// <c>BrowserContext.SetOfflineAsync</c>), which fails every new request, and host A cuts the TCP connections of the
    /// two event streams it serves (<c>HttpContext.Abort</c>), because the emulation alone leaves an open stream flowing
    /// (tried: no <c>error</c> event within 10 s). Both <c>EventSource</c>s then report the error (asserted) and their
    /// reconnection attempts fail while offline. Four changes are made through host B meanwhile: two timeline reports to
    /// the open View log's record, a completion and a force-stop of two other records. Once the network is back, the same
    /// two <c>EventSource</c>s reconnect by themselves with <c>Last-Event-ID</c> (host A sees the header: the id of the last
    /// event before the drop), and the page receives exactly the changes made meanwhile, each once and in order, and shows
    /// them, without a reload (R-LIVE-2).
    /// </summary>
    [RequiresChromiumAndPostgreSqlFact]
    public async Task PageOfHostA_ConnectionDroppedAndRestored_R_LIVE_2_ResumesByLastEventIdMissingNoChange()
    {
        var page = await site.OpenAsync("alice");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var forceStopped = await site.RecordAsync("V5.1.1");
        var verifying = await site.RecordAsync("V5.3.0");
        var upgrading = await site.RecordAsync("V5.3.1");
        var logStream = $"/api/upgrades/{forceStopped.Id}/events";
        await OpenLogAsync(page, "V5.1.1", forceStopped.Id);

        // One change seen on both streams before the drop: its position is the id each stream must resume after.
        var at = forceStopped.UpgradeEndedAt!.Value;
        await site.ServiceB.HostReports.ReportTimelineEventsAsync(forceStopped.Id, [new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "before-drop", At = at }]);
        await Assertions.Expect(page.Locator("#log-tasks tbody")).ToContainTextAsync("before-drop", ContainWithinCeiling);
        var lastSeen = await site.StoreB.ReadLastPositionAsync();
        await WaitForAsync(page, $"log => log.filter(e => e.type === 'message' && e.id === '{lastSeen}').length === 2",
            "both streams received the change before the drop");
        var before = await LogAsync(page);
        var requestsBefore = site.EventRequestsToA.Count;
        IReadOnlyList<Storage.RecordChangeEntry> madeOffline;

        // The drop: the browser goes offline, then host A cuts the streams' connections (offline emulation alone leaves
        // an open stream flowing); every reconnection attempt fails until the network is back.
        await site.SetOfflineAsync(true);
        try
        {
            Assert.Equal(new[] { ListStream, logStream }.Order(StringComparer.Ordinal), site.CutEventStreamsOfA().Order(StringComparer.Ordinal));
            await WaitForAsync(page, $"log => log.slice({before.Count}).filter(e => e.type === 'error').map(e => e.stream).sort().join() === "
                + $"'{string.Join(',', new[] { ListStream, logStream }.Order(StringComparer.Ordinal))}'", "both EventSources reported the dropped connection");

            await site.ServiceB.HostReports.ReportTimelineEventsAsync(forceStopped.Id, [new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "offline-first", At = at + NodaTime.Duration.FromSeconds(1) }]);
            await site.ServiceB.HostReports.ReportTimelineEventsAsync(forceStopped.Id, [new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "offline-second", At = at + NodaTime.Duration.FromSeconds(2) }]);
            await site.ServiceB.Commands.CompleteAsync(verifying.Id, Alice);
            // The two-person rule (on by default, R-GOV-2): olga asks, oscar approves; two changes.
            var approvals = new Governance.ForceStopApprovals(site.ServiceB.Commands);
            await approvals.RequestAsync(upgrading.Id, Olga, new ForceStopRequest(ForceStopResult.Succeeded, DeclarationAccepted: true)
            {
                Reason = OperatorReason.Parse("finished by hand"),
                Declaration = site.ServiceB.Commands.Texts.ForceStopDeclaration(System.Globalization.CultureInfo.GetCultureInfo("en")),
            });
            await approvals.ApproveAsync(upgrading.Id, Oscar);
            madeOffline = await site.StoreB.ReadChangesAsync(lastSeen, 100);
            Assert.Equal(5, madeOffline.Count);
            await Assertions.Expect(page.Locator("#log-tasks tbody")).Not.ToContainTextAsync("offline-first", new() { Timeout = 500 });
        }
        finally
        {
            await site.SetOfflineAsync(false);
        }

        var restored = Stopwatch.StartNew();
        var within = new LocatorAssertionsToContainTextOptions { Timeout = 10_000 };
        await Assertions.Expect(page.Locator("#log-tasks tbody")).ToContainTextAsync("offline-first", within);
        await Assertions.Expect(page.Locator("#log-tasks tbody")).ToContainTextAsync("offline-second", within);
        await Assertions.Expect(BrowserSite.Row(page, "V5.3.0").Locator("td[data-status]")).ToContainTextAsync("Upgrade Succeeded", within);
        await Assertions.Expect(BrowserSite.Row(page, "V5.3.1").Locator("td[data-status]")).ToContainTextAsync("Force-Stopped and Marked as Succeeded", within);
        output.WriteLine($"all four changes made while offline shown {restored.ElapsedMilliseconds} ms after the network came back");

        // Resumed by Last-Event-ID, by the same EventSources: no new one was created and the page was not reloaded.
        var reconnections = site.EventRequestsToA.Skip(requestsBefore).ToList();
        Assert.Contains((ListStream, (string?)lastSeen.ToString(System.Globalization.CultureInfo.InvariantCulture)), reconnections);
        Assert.Contains((logStream, (string?)lastSeen.ToString(System.Globalization.CultureInfo.InvariantCulture)), reconnections);
        Assert.All(reconnections, r => Assert.NotNull(r.LastEventId));
        var after = (await LogAsync(page)).Skip(before.Count).ToList();
        Assert.DoesNotContain(after, e => e.Type == "created");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was not reloaded");

        // Every change made meanwhile arrived once, in order: the list stream all four, the log stream its record's two.
        Assert.Equal(madeOffline.Select(c => c.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)), Messages(after, ListStream));
        Assert.Equal(madeOffline.Where(c => c.RecordId == forceStopped.Id).Select(c => c.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Messages(after, logStream));
    }

    /// <summary>
    /// The connection is dropped as in the test above, a change is made through host B, and then the change feed is
    /// trimmed past the position the page holds (a host's <c>DELETE FROM record_changes</c>, keeping the newest row).
    /// Once the network is back, host A answers both resuming streams 410 (the position is gone) rather than resuming
    /// with a gap; the page opens them afresh without a position, reads the list again and gets a new snapshot of the
    /// View log, so it still shows the change, without a reload (R-LIVE-2).
    /// </summary>
    [RequiresChromiumAndPostgreSqlFact]
    public async Task PageOfHostA_FeedTrimmedWhileDisconnected_R_LIVE_2_RefusedResumeThenReloadsAndShowsTheChange()
    {
        var page = await site.OpenAsync("alice");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var forceStopped = await site.RecordAsync("V5.1.2");
        var logStream = $"/api/upgrades/{forceStopped.Id}/events";
        await OpenLogAsync(page, "V5.1.2", forceStopped.Id);
        var at = forceStopped.UpgradeEndedAt!.Value;
        await site.ServiceB.HostReports.ReportTimelineEventsAsync(forceStopped.Id, [new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "before-trim", At = at }]);
        var lastSeen = await site.StoreB.ReadLastPositionAsync();
        await WaitForAsync(page, $"log => log.filter(e => e.type === 'message' && e.id === '{lastSeen}').length === 2",
            "both streams received the change before the drop");
        var refusedBefore = site.RefusedEventRequestsToA.Count;

        await site.SetOfflineAsync(true);
        try
        {
            site.CutEventStreamsOfA();
            await site.ServiceB.HostReports.ReportTimelineEventsAsync(forceStopped.Id, [new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "trimmed-away", At = at + NodaTime.Duration.FromSeconds(1) }]);
            await site.ServiceB.Commands.CreateAsync(new NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V6.2.0"), InitialVersion = ProductVersion.Parse("V5.4.0"),
                Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            }, Alice);
            await ScalarAsync("WITH gone AS (DELETE FROM record_changes WHERE seq < (SELECT max(seq) FROM record_changes) RETURNING 1) SELECT count(*) FROM gone");
            await Assert.ThrowsAsync<WatchPositionTrimmedException>(() => site.ServiceB.Watches.CheckWatchPositionAsync(lastSeen));
        }
        finally
        {
            await site.SetOfflineAsync(false);
        }

        var within = new LocatorAssertionsToContainTextOptions { Timeout = 15_000 };
        await Assertions.Expect(page.Locator("#log-tasks tbody")).ToContainTextAsync("trimmed-away", within);
        await Assertions.Expect(BrowserSite.Row(page, "V6.2.0").Locator("td[data-status]")).ToContainTextAsync("Configuring", within);
        var refused = site.RefusedEventRequestsToA.Skip(refusedBefore).ToList();
        var resumedFrom = lastSeen.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains((ListStream, (string?)resumedFrom, 410), refused);
        Assert.Contains((logStream, (string?)resumedFrom, 410), refused);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was not reloaded");
    }

    /// <summary>
    /// Host A's LISTEN connection is killed on the server (<c>pg_terminate_backend</c>) and changes are made through host
    /// B at once, while A has no listening connection, so no NOTIFY can reach A: A's listener reconnects after its
    /// one-second delay and wakes its watches, which catch up from their positions (an idle watch also reads every
    /// 2 seconds), so the page still shows the changes (R-LIVE-2). A round counts only when A's new <c>LISTEN</c> ran
    /// after the changes committed (server clock); under load a round may miss that window, so up to three are tried. It
    /// waits up to a generous ceiling for each change (it is about the changes arriving, not how fast) and prints how long they took.
    /// </summary>
    [RequiresChromiumAndPostgreSqlFact]
    public async Task PageOfHostA_ListenConnectionOfHostAKilled_R_LIVE_2_ChangesMadeMeanwhileStillArrive()
    {
        var page = await site.OpenAsync("alice");
        var stopped = await site.RecordAsync("V5.1.0");
        await OpenLogAsync(page, "V5.1.0", stopped.Id);
        var within = new LocatorAssertionsToContainTextOptions { Timeout = 15_000 };
        var whileNotListening = 0;
        for (var round = 1; round <= 3 && whileNotListening == 0; round++)
        {
            var listener = await ListenerOfAAsync(other: 0);
            Assert.Equal(1L, await ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid = {listener}"));
            var killed = Stopwatch.StartNew();
            await site.ServiceB.HostReports.ReportTimelineEventsAsync(stopped.Id,
                [new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = $"while-not-listening-{round}", At = stopped.UpgradeEndedAt!.Value }]);
            if (round == 1)
            {
                await site.ServiceB.Commands.CreateAsync(new NewUpgradeRequest
                {
                    TargetVersion = ProductVersion.Parse("V6.1.0"), InitialVersion = ProductVersion.Parse("V5.4.0"),
                    Mode = UpgradeMode.Maintenance,
                    DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
                }, Alice);
            }

            var committed = await ScalarAsync("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint");
            await Assertions.Expect(page.Locator("#log-tasks tbody")).ToContainTextAsync($"while-not-listening-{round}", within);
            if (round == 1)
            {
                await Assertions.Expect(BrowserSite.Row(page, "V6.1.0").Locator("td[data-status]")).ToContainTextAsync("Configuring", within);
            }

            var shown = killed.ElapsedMilliseconds;
            var relistened = await ListenerOfAAsync(other: listener);
            // When its LISTEN ran: the listener may take a pooled connection opened earlier, so not the backend's start.
            var started = await ScalarAsync($"SELECT (extract(epoch FROM query_start) * 1000000)::bigint FROM pg_stat_activity WHERE pid = {relistened}");
            output.WriteLine($"round {round}: changes made after A's LISTEN connection was killed shown after {shown} ms; "
                + $"A listened again {(started - committed) / 1000} ms after they committed");
            if (started > committed)
            {
                whileNotListening = round;
            }
        }

        Assert.True(whileNotListening > 0, "in none of three rounds were the changes committed before host A listened again");
    }

    private static async Task OpenLogAsync(IPage page, string targetVersion, UpgradeRecordId id)
    {
        // Waiting for the log's answer tells a lost click (no request) from a slow or failed answer.
        var answer = await page.RunAndWaitForResponseAsync(() => BrowserSite.Row(page, targetVersion).Locator("button[data-action=viewLog]").ClickAsync(),
            r => r.Url.Contains($"/api/upgrades/{id}/log", StringComparison.Ordinal));
        Assert.True(answer.Ok, $"View log answered {answer.Status}: {await answer.TextAsync()}");
        await page.Locator("#log-panel").WaitForAsync();
        // The log's stream is open once its snapshot arrived; a change made before that would be in the snapshot anyway.
        await WaitForAsync(page, $"log => log.some(e => e.type === 'message' && e.stream === '/api/upgrades/{id}/events')", "the log's stream is open");
    }

    private static IEnumerable<string?> Messages(IEnumerable<SseNote> notes, string stream) =>
        notes.Where(e => e.Type == "message" && e.Stream == stream).Select(e => e.Id);

    private static async Task WaitForAsync(IPage page, string predicateOverLog, string what)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => ({predicateOverLog})(window.sseLog)", null, new() { Timeout = 10_000, PollingInterval = 50 });
        }
        catch (System.TimeoutException ex)
        {
            throw new System.TimeoutException($"Waited 10 s for: {what}. EventSource log: {JsonSerializer.Serialize(await LogAsync(page))}", ex);
        }
    }

    private static async Task<IReadOnlyList<SseNote>> LogAsync(IPage page) =>
        await page.EvaluateAsync<SseNote[]>("() => window.sseLog.map(e => ({ stream: e.stream, type: e.type, id: e.id }))");

    /// <summary>The backend pid of host A's listening connection, once there is one other than <paramref name="other"/>.</summary>
    private async Task<long> ListenerOfAAsync(long other)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var pid = await ScalarAsync($"SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE {ListenerOfA} AND pid <> {other}");
            if (pid != 0)
            {
                return pid;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "host A had no LISTEN connection within 10 s");
            await Task.Delay(20);
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(site.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
#pragma warning disable CA2100 // Test statements built from constants.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One thing a page's EventSource did, as the init script noted it (Playwright fills it by its setters).</summary>
    public sealed class SseNote
    {
        public string Stream { get; set; } = string.Empty;

        public string Type { get; set; } = string.Empty;

        public string? Id { get; set; }
    }
}
