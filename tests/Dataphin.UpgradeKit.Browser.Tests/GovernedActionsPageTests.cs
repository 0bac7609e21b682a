using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Playwright;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>The Force-stop dialog's reason and declaration, and the View log's line on who ended the upgrade and why (R-GOV-1, R-GOV-3).</summary>
public sealed class GovernedActionsPageTests(SampleSite site) : IClassFixture<SampleSite>
{
    private const string Install = "apt-get install chromium";
    private const string HostileReason = "<img src=x onerror=\"window.__xss=1\"> rolled back \u202Eby hand";

    private async Task<UpgradeRecord> UpgradingAsync(string targetVersion)
    {
        var record = await site.Service.Commands.CreateAsync(new NewUpgradeRequest { TargetVersion = ProductVersion.Parse(targetVersion), InitialVersion = ProductVersion.Parse("V4.3.0"), Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether }, new Operators.OperatorIdentity("alice", "Alice (operator)"));
        return await site.Service.HostReports.StartAsync(record.Id);
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task ForceStop_WithoutReason_R_GOV_1_IsRefusedAndTheDialogSaysWhy()
    {
        // The site starts with the first page; the new record reaches the open list through its live updates.
        var page = await site.OpenAsync("olga");
        await UpgradingAsync("V9.1.0");
        var row = SampleSite.Row(page, "V9.1.0");

        await row.Locator("button[data-action=forceStop]").ClickAsync();
        Assert.True(await page.Locator("#force-stop-reason-required").IsVisibleAsync());
        await page.Locator("input[name=force-stop-result][value=failed]").CheckAsync();
        await page.Locator("#force-stop-declaration").CheckAsync();
        await page.Locator("#force-stop-confirm").ClickAsync();

        var error = page.Locator("#force-stop-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        Assert.Equal(UpgradeKitTexts.Default.GetString("Reason_ReasonRequired", System.Globalization.CultureInfo.GetCultureInfo("en")), await error.InnerTextAsync());
        Assert.Equal(UpgradeStatus.Upgrading, (await site.RecordAsync("V9.1.0")).Status);
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task ForceStop_ScriptInTheReason_R_GOV_1_R_GOV_3_IsRefusedForItsOverrideThenStoredAndShownAsText()
    {
        var page = await site.OpenAsync("olga");
        var record = await UpgradingAsync("V9.1.1");
        var row = SampleSite.Row(page, "V9.1.1");
        var declaration = UpgradeKitTexts.Default.ForceStopDeclaration(System.Globalization.CultureInfo.GetCultureInfo("en"));

        await row.Locator("button[data-action=forceStop]").ClickAsync();
        await Assertions.Expect(page.Locator("#force-stop-declaration-text")).ToHaveTextAsync(declaration.Text);
        await page.Locator("input[name=force-stop-result][value=failed]").CheckAsync();
        await page.Locator("#force-stop-declaration").CheckAsync();
        await page.Locator("#force-stop-reason").FillAsync(HostileReason);
        await page.Locator("#force-stop-confirm").ClickAsync();

        // The right-to-left override is refused; the markup alone is a valid reason, kept as typed.
        await Assertions.Expect(page.Locator("#force-stop-error")).ToBeVisibleAsync();
        var inert = HostileReason.Replace("\u202E", string.Empty, StringComparison.Ordinal);
        await page.Locator("#force-stop-reason").FillAsync(inert);
        await page.Locator("#force-stop-confirm").ClickAsync();
        await Assertions.Expect(row.Locator("td[data-status]")).ToHaveTextAsync("Force-Stopped and Marked as Failed");

        var audit = (await site.Service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal(inert, audit.OperatorReason);
        Assert.Equal(declaration, audit.Declaration);

        await row.Locator("button[data-action=viewLog]").ClickAsync();
        var endedBy = page.Locator("#log-ended-by");
        await Assertions.Expect(endedBy.Locator(".reason-text")).ToHaveTextAsync(inert);
        Assert.Equal(0, await endedBy.Locator("img").CountAsync());
        Assert.Equal(declaration.Text, await endedBy.Locator(".declaration-text").InnerTextAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));
    }
}
