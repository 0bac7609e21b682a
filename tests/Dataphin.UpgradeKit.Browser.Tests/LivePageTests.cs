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
}
