using System.Diagnostics;
using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The web sample's page updates itself over the Server-Sent Events endpoints (R-LIVE-1): changes reported to the
/// host appear without a reload, within 2 seconds. Its own site, so the other page tests' records are untouched. In the
/// Timing collection, since one test measures that bound; the others wait up to a generous ceiling.
/// </summary>
[Collection("Timing")]
public sealed class LivePageTests(SampleSite site, ITestOutputHelper output) : IClassFixture<SampleSite>
{
    private const string Install = "apt-get install chromium";

    /// <summary>The bound the Timing test asserts: R-LIVE-1's second, doubled for the browser's part.</summary>
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    /// <summary>How long a correctness test waits for the page: a ceiling for a hang, not a speed requirement.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions WithinCeiling = new() { Timeout = 15_000 };

    [RequiresHostToolFact("chromium", Install)]
    [Trait("Category", "Timing")]
    public async Task Page_TimelineEventsAndStopReported_R_LIVE_1_ShowWithinTwoSecondsWithoutReload()
    {
        var page = await site.OpenAsync("alice");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var succeeded = await site.RecordAsync("V5.0.0");
        await SampleSite.Row(page, "V5.0.0").Locator("button[data-action=viewLog]").ClickAsync();
        await page.Locator("#log-panel").WaitForAsync();

        // A late reporter adds a data-update task to the open log; the host stops another, running upgrade.
        var now = succeeded.UpgradeEndedAt!.Value;
        var reported = Stopwatch.StartNew();
        await site.Service.HostReports.ReportTimelineEventsAsync(succeeded.Id,
        [
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "live-reindex", At = now },
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "live-reindex", At = now + NodaTime.Duration.FromSeconds(5), Outcome = DataUpdateTaskOutcome.Success },
        ]);
        await Assertions.Expect(page.Locator("#log-tasks tbody")).ToContainTextAsync("live-reindex", new() { Timeout = 15_000 });
        var reportShown = reported.Elapsed;

        var running = await site.RecordAsync("V5.4.0");
        var stopped = Stopwatch.StartNew();
        await site.Service.Commands.StopAsync(running.Id, new Operators.OperatorIdentity("alice", "Alice (operator)"), new StopOptions(RerunForceStoppedInstances: true));
        await Assertions.Expect(SampleSite.Row(page, "V5.4.0").Locator("td[data-status]")).ToHaveTextAsync("Upgrade Stopped", WithinCeiling);
        var stopShown = stopped.Elapsed;

        output.WriteLine($"timeline events shown after {reportShown.TotalMilliseconds:F0} ms, the stop after {stopShown.TotalMilliseconds:F0} ms (ceiling {TwoSeconds.TotalMilliseconds} ms each)");
        Assert.True(reportShown < TwoSeconds, $"the timeline events took {reportShown.TotalMilliseconds:F0} ms to show");
        Assert.True(stopShown < TwoSeconds, $"the stop took {stopShown.TotalMilliseconds:F0} ms to show");

        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was not reloaded");
    }

    /// <summary>
    /// A change committed after the page read the list but before its list stream started (the stream's request is held
    /// back by a route until then) still shows: the page reads the list again once the stream is open, since the stream
    /// only carries changes after its starting position (R-LIVE-1).
    /// </summary>
    [RequiresHostToolFact("chromium", Install)]
    public async Task Page_ChangeBetweenListReadAndStreamStart_R_LIVE_1_StillShows()
    {
        var streamMayStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var page = await site.OpenAsync("alice", p => p.RouteAsync("**/api/upgrades/events?*", async route =>
        {
            await streamMayStart.Task;
            await route.ContinueAsync();
        }));
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        await Assertions.Expect(SampleSite.Row(page, "V5.3.0").Locator("td[data-status]")).ToHaveTextAsync("Verifying");

        var verifying = await site.RecordAsync("V5.3.0");
        await site.Service.Commands.CompleteAsync(verifying.Id, new Operators.OperatorIdentity("alice", "Alice (operator)"));
        streamMayStart.SetResult();

        await Assertions.Expect(SampleSite.Row(page, "V5.3.0").Locator("td[data-status]")).ToHaveTextAsync("Upgrade Succeeded", WithinCeiling);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was not reloaded");
    }
}
