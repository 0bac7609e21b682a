using System.Text.Json;
using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// R-SEC-1 in a real Chromium: every details link the SDK accepts, put into an <c>&lt;a href&gt;</c> on the sample page,
/// resolves to http(s) on the page's origin (a path from the root) or on the host of the given absolute URL; and the
/// browser reads the text the host gave exactly as it reads the form the SDK stored.
/// </summary>
public sealed class DetailsLinkBrowserTests(SampleSite site) : IClassFixture<SampleSite>
{
    private const string Install = "apt-get install chromium";

    private static readonly string[] WebProtocols = ["http:", "https:"];

    private static readonly string[] Tricky =
    [
        "https://dataphin.example/ops/tasks/42", "/ops/tasks/42?tab=log#top", "/", "HTTPS://Dataphin.Example/Ops",
        " \t/ops/tasks/42\n", "\u0001https://dataphin.example/x\u0000", "ht\ttps://data\nphin.example/x",
        @"https:\\dataphin.example\ops\42", @"/ops\tasks\42?q=a\b#c\d", "https://dataphin.example", "https://dataphin.example?x=1",
        "https://dataphin.example:443/x", "http://dataphin.example:80/x", "http://dataphin.example:08080/x", "https://[::1]:8443/x",
        "http://10.0.0.5:8080/tasks/42", "https://xn--80ak6aa92e.com/", "/ops/%2F%5C/x", "/ops/a b/\u00e9", "https://dataphin.example./x",
    ];

    private static readonly string[] Pieces =
        ["/", "\\", "\t", "\n", " ", "\u0001", ":", "@", "?", "#", ".", "%2F", "[", "]", "http", "https", "evil.example", "x", "42", ":8080"];

    private static readonly string[] Starts = ["/", "https://", "HTTP://", @"\", "\t/", "http:", " https:\\\\"];

    [RequiresHostToolFact("chromium", Install)]
    public async Task AcceptedLinks_R_SEC_1_ResolveInChromiumToHttpOnTheOriginOrTheGivenHost()
    {
        var accepted = Accepted().ToList();
        Assert.True(accepted.Count > 100, $"only {accepted.Count} links accepted");
        var page = await site.OpenAsync("alice");

        var results = await page.EvaluateAsync<JsonElement>("""
            (pairs) => pairs.map(([given, stored]) => {
              const a = document.createElement("a"); a.href = given;
              const b = document.createElement("a"); b.href = stored;
              return { given: a.href, stored: b.href, protocol: b.protocol, origin: b.origin, page: location.origin, rendered: detailsHref(stored) };
            })
            """, accepted.Select(p => new[] { p.Given, p.Stored }).ToArray());

        Assert.Equal(accepted.Count, results.GetArrayLength());
        var i = 0;
        foreach (var result in results.EnumerateArray())
        {
            var (given, stored) = accepted[i++];
            var what = $"given {JsonSerializer.Serialize(given)}, stored {JsonSerializer.Serialize(stored)}";
            Assert.True(result.GetProperty("stored").GetString() == result.GetProperty("given").GetString(), what + ": the browser reads them differently");
            Assert.Contains(result.GetProperty("protocol").GetString(), WebProtocols);
            var expectedOrigin = stored.StartsWith('/') ? result.GetProperty("page").GetString() : OriginOf(stored);
            Assert.True(expectedOrigin == result.GetProperty("origin").GetString(), $"{what}: lands on {result.GetProperty("origin")}");
            Assert.Equal(stored, result.GetProperty("rendered").GetString()); // the page renders what the SDK accepted
        }
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task ViewLog_R_SEC_1_RendersTheStoredDetailsLinkAsAnAnchor()
    {
        var page = await site.OpenAsync("alice");
        var row = SampleSite.Row(page, "V5.0.0");

        await row.Locator("button[data-action=viewLog]").ClickAsync();
        var anchor = page.Locator("#log-tasks tbody a").First;
        await anchor.WaitForAsync();

        var href = await anchor.EvaluateAsync<string>("a => a.href");
        Assert.StartsWith("https://dataphin.example/ops/upgrade-tasks/", href, StringComparison.Ordinal);
    }

    // The tricky table, then links drawn from the characters the URL standard treats specially (a fixed seed), keeping
    // those the SDK accepts with the form it stores.
    private static IEnumerable<(string Given, string Stored)> Accepted()
    {
        var random = new Random(20261201);
        var drawn = Enumerable.Range(0, 3000).Select(_ =>
            Starts[random.Next(Starts.Length)] + string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pieces[random.Next(Pieces.Length)])));
        foreach (var given in Tricky.Concat(drawn).Distinct(StringComparer.Ordinal))
        {
            string? stored;
            try
            {
                stored = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "t", At = Instant.FromUtc(2026, 12, 1, 8, 0), DetailsLink = given }.DetailsLink;
            }
            catch (UnsafeDetailsLinkException)
            {
                continue;
            }

            yield return (given, stored!);
        }
    }

    private static string OriginOf(string absolute)
    {
        var start = absolute.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = absolute.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? absolute : absolute[..end];
    }
}
