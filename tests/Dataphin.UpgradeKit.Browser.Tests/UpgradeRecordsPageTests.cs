using System.Diagnostics;
using System.Globalization;
using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Playwright;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The web sample's Upgrade Records page in a real Chromium. Each test works on its own seeded record, so the order
/// they run in does not matter.
/// </summary>
public sealed class UpgradeRecordsPageTests(SampleSite site) : IClassFixture<SampleSite>
{
    private const string Install = "apt-get install chromium";

    [RequiresHostToolFact("chromium", Install)]
    public async Task List_ShowsTheSeededRecordsWithEveryColumn()
    {
        var page = await site.OpenAsync("alice");

        Assert.Equal(["Target Version", "Initial Version", "Upgrade Mode", "Upgrade Start Time", "Upgrade Duration",
            "Maintenance Mode Start Time", "Maintenance Mode Duration", "Status", "Actions"],
            await page.Locator("#records thead th").AllInnerTextsAsync());
        Assert.Equal(10, await page.Locator("#records tbody tr").CountAsync());
        Assert.Equal("Upgrade Succeeded", await StatusAsync(page, "V5.0.0"));
        Assert.Equal("Upgrade Failed", await StatusAsync(page, "V5.0.1"));
        Assert.Equal("Force-Stopped and Marked as Succeeded", await StatusAsync(page, "V5.1.1"));
        Assert.Equal("Force-Stopped and Marked as Failed", await StatusAsync(page, "V5.1.2"));
        Assert.Equal("Canceled", await StatusAsync(page, "V5.2.0"));
        var cancelled = await SampleSite.Row(page, "V5.2.0").Locator("td").AllInnerTextsAsync();
        Assert.Equal(["-", "-", "-", "-"], cancelled.Skip(3).Take(4)); // R-TIME-3
        var zeroDowntime = await SampleSite.Row(page, "V5.2.1").Locator("td").AllInnerTextsAsync();
        Assert.Equal(["-", "-"], zeroDowntime.Skip(5).Take(2)); // R-TIME-6
        Assert.Matches(@"^\d{3,}:\d{2}:\d{2}$", zeroDowntime[4]); // R-TIME-1

        foreach (var path in Screenshots.PathsFor("upgrade-records.png"))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task Stop_WithRerunOptionChecked_R_SM_4_EndsInUpgradeStopped()
    {
        var page = await site.OpenAsync("alice");
        var row = SampleSite.Row(page, "V5.4.0");

        await row.Locator("button[data-action=stop]").ClickAsync();
        await page.Locator("#stop-rerun").CheckAsync();
        await page.Locator("#stop-confirm").ClickAsync();

        await Assertions.Expect(row.Locator("td[data-status]")).ToHaveTextAsync("Upgrade Stopped");
        var stored = await site.RecordAsync("V5.4.0");
        Assert.Equal(UpgradeStatus.Stopped, stored.Status);
        Assert.True(stored.RerunForceStoppedInstances);
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task ForceStop_WithoutDeclaration_R_SM_5_IsRefusedAndTheReasonShown()
    {
        var page = await site.OpenAsync("olga");
        var row = SampleSite.Row(page, "V5.3.1");

        // The two-person rule is on by default (R-GOV-2): the force-stop is requested through the same dialog.
        await row.Locator("button[data-action=requestForceStop]").ClickAsync();
        await page.Locator("input[name=force-stop-result][value=succeeded]").CheckAsync();
        await page.Locator("#force-stop-confirm").ClickAsync();

        var error = page.Locator("#force-stop-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        Assert.Equal("Select the Declaration checkbox before confirming the force stop.", await error.InnerTextAsync());
        Assert.True(await page.Locator("#force-stop-dialog").IsVisibleAsync());
        Assert.Equal(UpgradeStatus.Upgrading, (await site.RecordAsync("V5.3.1")).Status);
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task DisabledButtons_R_ACT_1_CarryThePolicysReasonAsTooltip()
    {
        var page = await site.OpenAsync("alice");
        var row = SampleSite.Row(page, "V5.3.1");
        var record = await site.RecordAsync("V5.3.1");
        var expected = site.Service.Queries.Policy.Evaluate(record, new Operators.OperatorIdentity("alice", "Alice (operator)"), CultureInfo.GetCultureInfo("en"));

        var forceStop = row.Locator("button[data-action=forceStop]");
        var stop = row.Locator("button[data-action=stop]");

        Assert.True(await forceStop.IsDisabledAsync());
        Assert.Equal(expected[UpgradeAction.ForceStop].Explanation, await forceStop.GetAttributeAsync("title"));
        Assert.True(await stop.IsDisabledAsync());
        Assert.Equal("The upgrade can no longer be stopped: the force-stop task has run and application shutdown has started.",
            await stop.GetAttributeAsync("title"));
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task Complete_AfterSomeoneElseChangedTheRecord_ShowsTheConflictNotAStackTrace()
    {
        var page = await site.OpenAsync("alice");
        var record = await site.RecordAsync("V5.3.0");
        await page.EvaluateAsync("() => listEvents.close()"); // no live update, as for a page whose stream is reconnecting
        await site.Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, ApplicationShutdownStarted = true, CurrentStep = "verify-services",
        }); // the row on screen is now stale

        await SampleSite.Row(page, "V5.3.0").Locator("button[data-action=complete]").ClickAsync();

        var message = page.Locator("#message");
        await Assertions.Expect(message).ToBeVisibleAsync();
        Assert.Contains("Someone else changed this upgrade record", await message.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(UpgradeStatus.Verifying, (await site.RecordAsync("V5.3.0")).Status);
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task ViewLog_Succeeded_ShowsTheDetailedTimelineAndDataUpdateTasks()
    {
        var page = await site.OpenAsync("alice");

        await SampleSite.Row(page, "V5.0.0").Locator("button[data-action=viewLog]").ClickAsync();

        var panel = page.Locator("#log-panel");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#log-tasks tbody tr")).ToHaveCountAsync(4); // rendered, not just shown
        Assert.Equal(["Stop services", "Database backup", "Upgrade services", "Data update", "DataService Studio upgrade"],
            (await page.Locator("#log-timeline li .node").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(4, await page.Locator("#log-tasks tbody tr").CountAsync());
        Assert.Contains("Skipped", await page.Locator("#log-tasks").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("upgrade-v5.0.0.yaml", await page.Locator("#log-facts").InnerTextAsync(), StringComparison.Ordinal);

        foreach (var path in Screenshots.PathsFor("view-log.png"))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task Download_R_CFG_1_FileOpensWithTheCliAndThePasswordShownOnce()
    {
        var page = await site.OpenAsync("alice");
        await SampleSite.Row(page, "V5.0.0").Locator("button[data-action=viewLog]").ClickAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-configuration").ClickAsync());
        var file = Path.Combine(site.Downloads, download.SuggestedFilename);
        await download.SaveAsAsync(file);
        var password = await page.Locator("#one-time-password").InnerTextAsync();
        await page.Locator("#password-close").ClickAsync();

        Assert.Equal("upgrade-v5.0.0.yaml.age", download.SuggestedFilename);
        Assert.Matches("^[0-9A-Z]{5}(-[0-9A-Z]{1,5})+$", password);
        // Gone once the dialog closed. The dialog's close event fires asynchronously, so wait for it (a plain read raced it).
        await Assertions.Expect(page.Locator("#password-dialog")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#one-time-password")).ToBeEmptyAsync();
        var passwordFile = Path.Combine(site.Downloads, "password.txt");
        await File.WriteAllTextAsync(passwordFile, password);
        var plain = Path.Combine(site.Downloads, "upgrade-v5.0.0.yaml");
        var (exitCode, output) = await RunCliAsync("decrypt", file, "--out", plain, "--password-file", passwordFile);
        Assert.True(exitCode == 0, output);
        var record = await site.RecordAsync("V5.0.0");
        Assert.Equal((await site.ConfigurationAsync(record.Id)).Content.ToArray(), await File.ReadAllBytesAsync(plain));
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task Page_WithoutAChosenOperator_R_SM_7_ShowsNoRecordsAndActsForNobody()
    {
        var page = await site.OpenSignedOutAsync();

        var message = page.Locator("#message");
        await Assertions.Expect(message).ToBeVisibleAsync();
        Assert.Contains("Choose who you are", await message.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#records tbody tr").CountAsync());
        Assert.Equal(string.Empty, await page.Locator("#operator").InputValueAsync());
        // The page's own script, asked to act with nobody chosen, is refused too.
        var record = await site.RecordAsync("V5.3.0");
        var status = await page.EvaluateAsync<int>($"async () => (await fetch('/api/upgrades/{record.Id}/complete', {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }}, body: '{{}}' }})).status");
        Assert.Equal(401, status);
        Assert.Equal(record.Version, (await site.RecordAsync("V5.3.0")).Version);
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task FormPost_R_SEC_5_CannotActEvenWithTheOperatorsCookie()
    {
        // What a cross-site form sends (R-SEC-5), from the page itself so the operator's cookie goes along: refused by its content type.
        var page = await site.OpenAsync("alice");
        var record = await site.RecordAsync("V5.3.0");
        var before = record.Version;
        var status = await page.EvaluateAsync<int>($"async () => (await fetch('/api/upgrades/{record.Id}/complete', {{ method: 'POST', body: new URLSearchParams({{ expectedVersion: '{before}' }}) }})).status");

        Assert.Equal(415, status);
        Assert.Equal(before, (await site.RecordAsync("V5.3.0")).Version);
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task ApiReference_IsServedWithItsScriptAndTheDocument()
    {
        var page = await site.OpenPathAsync("/scalar/");

        // The reference page, its script from the sample itself (no CDN) and the document it renders.
        Assert.Equal("Dataphin.UpgradeKit sample: Upgrade Records API", await page.TitleAsync());
        var script = await page.APIRequest.GetAsync(site.BaseAddress + "/scalar/scalar.js");
        Assert.Equal(200, script.Status);
        var document = await page.APIRequest.GetAsync(site.BaseAddress + "/openapi/v1.json");
        Assert.Contains("\"StopUpgrade\"", await document.TextAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> StatusAsync(IPage page, string targetVersion) =>
        (await SampleSite.Row(page, targetVersion).Locator("td[data-status]").InnerTextAsync()).Trim();

    private static async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dataphin.UpgradeKit.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
