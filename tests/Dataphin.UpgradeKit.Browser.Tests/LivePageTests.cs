using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Playwright;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The web sample's page updates itself over the Server-Sent Events endpoints (R-LIVE-1): changes reported to the
/// host appear without a reload, within 2 seconds. Its own site, so the other page tests' records are untouched.
/// </summary>
public sealed class LivePageTests(SampleSite site) : IClassFixture<SampleSite>
{
    private const string Install = "apt-get install chromium";
    private static readonly LocatorAssertionsToHaveTextOptions WithinTwoSeconds = new() { Timeout = 2_000 };

    [RequiresHostToolFact("chromium", Install)]
    public async Task Page_TimelineEventsAndStopReported_R_LIVE_1_ShowWithinTwoSecondsWithoutReload()
    {
        var page = await site.OpenAsync("alice");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var succeeded = await site.RecordAsync("V5.0.0");
        await SampleSite.Row(page, "V5.0.0").Locator("button[data-action=viewLog]").ClickAsync();
        await page.Locator("#log-panel").WaitForAsync();

        // A late reporter adds a data-update task to the open log; the host stops another, running upgrade.
        var now = succeeded.UpgradeEndedAt!.Value;
        await site.Service.ReportTimelineEventsAsync(succeeded.Id,
        [
            new TimelineEvent(TimelineEventKind.DataUpdateTaskStarted, "live-reindex", now),
            new TimelineEvent(TimelineEventKind.DataUpdateTaskFinished, "live-reindex", now + NodaTime.Duration.FromSeconds(5), DataUpdateTaskOutcome.Success),
        ]);
        await Assertions.Expect(page.Locator("#log-tasks tbody")).ToContainTextAsync("live-reindex", new() { Timeout = 2_000 });

        var running = await site.RecordAsync("V5.4.0");
        await site.Service.StopAsync(running.Id, new Operators.OperatorIdentity("alice", "Alice (operator)"), new StopOptions(RerunForceStoppedInstances: true));
        await Assertions.Expect(SampleSite.Row(page, "V5.4.0").Locator("td[data-status]")).ToHaveTextAsync("Upgrade Stopped", WithinTwoSeconds);

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
        await site.Service.CompleteAsync(verifying.Id, new Operators.OperatorIdentity("alice", "Alice (operator)"));
        streamMayStart.SetResult();

        await Assertions.Expect(SampleSite.Row(page, "V5.3.0").Locator("td[data-status]")).ToHaveTextAsync("Upgrade Succeeded", WithinTwoSeconds);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was not reloaded");
    }
}
