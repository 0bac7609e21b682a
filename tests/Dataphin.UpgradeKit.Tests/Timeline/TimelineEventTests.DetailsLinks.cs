using Dataphin.UpgradeKit.Timeline;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Timeline;

// R-SEC-1: a details link is read the way a browser reads an href (WHATWG URL standard) and kept only when the browser
// lands on an absolute http(s) URL or on a path from the root of the console's own origin.
public partial class TimelineEventTests
{
    /// <summary>Links a browser would turn into script, another scheme, another host, or a page-dependent address.</summary>
    public static TheoryData<string, string> HostileLinks => new()
    {
        { "javascript:alert(1)", "javascript scheme" },
        { "JaVaScRiPt:alert(1)", "scheme matched without case" },
        { "java\tscript:alert(1)", "tab inside the scheme is removed by the browser" },
        { "java\nscript:alert(1)", "newline inside the scheme" },
        { "java\rscript:alert(1)", "carriage return inside the scheme" },
        { "j\ta\nv\ra\tscript:alert(1)", "several removed characters" },
        { "javascript\t:alert(1)", "tab before the colon" },
        { "\u0001javascript:alert(1)", "leading C0 control is stripped" },
        { "\u0000javascript:alert(1)", "leading NUL is stripped" },
        { "\u001fjavascript:alert(1)", "leading unit separator is stripped" },
        { " \t\n javascript:alert(1)", "leading spaces, tab and newline" },
        { "javascript:alert(1)\u0000 ", "trailing controls" },
        { "data:text/html,<script>alert(1)</script>", "data scheme" },
        { "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data scheme, upper case" },
        { "vbscript:msgbox(1)", "vbscript scheme" },
        { "file:///etc/passwd", "file scheme" },
        { "blob:https://console.example/0f3c", "blob scheme" },
        { "ftp://files.example/x", "ftp scheme" },
        { "mailto:ops@example.com", "mailto scheme" },
        { "//evil.example/x", "protocol-relative" },
        { @"\\evil.example\x", "backslashes are slashes: protocol-relative" },
        { @"/\evil.example/x", "slash backslash: another host" },
        { @"\/evil.example/x", "backslash slash: another host" },
        { "/\t/evil.example/x", "tab between the slashes is removed" },
        { "/\n/evil.example", "newline between the slashes is removed" },
        { "\t//evil.example", "leading tab before protocol-relative" },
        { " //evil.example", "leading space before protocol-relative" },
        { "http:evil.example", "no slashes: relative or another host depending on the page" },
        { "https:/evil.example", "one slash: depends on the page's scheme" },
        { "https:///evil.example", "three slashes: the browser skips them all" },
        { @"http:\\\evil.example", "three backslashes" },
        { "https://console.example@evil.example/", "userinfo makes the console's name a user name" },
        { "https://user:secret@evil.example/", "user name and password" },
        { "https://", "no host" },
        { "https://:443/x", "empty host with a port" },
        { "https://evil.example:99999/", "port out of range" },
        { "https://evil.example:8o/", "port not a number" },
        { "https://0x7f.1/", "hex IPv4 the browser reads as 127.0.0.1" },
        { "https://2130706433/", "single-number IPv4" },
        { "https://1.2.3.999/", "not an IPv4 address: the browser fails" },
        { "https://evil%2Eexample/", "percent-encoded host" },
        { "https://\u0435xample.com/", "non-ASCII (homograph) host" },
        { "https://[::1/", "unclosed IPv6 bracket" },
        { "https://[evil.example]/", "bracketed non-IPv6 host" },
        { "https://./", "a host of dots only" },
        { "https://evil..example/", "an empty label" },
        { "tasks/42", "path-relative: depends on the page's address" },
        { "./tasks/42", "dot path" },
        { "../tasks/42", "parent path" },
        { "?tab=log", "query only" },
        { "#top", "fragment only" },
        { "jav&#x09;ascript:alert(1)", "an HTML entity is not decoded in a DOM href: a relative path" },
        { "%6Aavascript:alert(1)", "percent-encoded scheme: a relative path" },
        { "\u00a0javascript:alert(1)", "no-break space is not stripped: a relative path" },
        { "/tasks/\u0000x", "control character inside a path" },
        { "/tasks/\u007fx", "DEL inside a path" },
        { "", "empty" },
        { "   ", "spaces only" },
        { "\t\n\r", "removed characters only" },
        { "/" + new string('a', DetailsLinkParserMax), "longer than the bound" },
    };

    /// <summary>Accepted links and the form stored: the one a browser uses.</summary>
    public static TheoryData<string, string> AcceptedLinks => new()
    {
        { "https://dataphin.example/ops/tasks/42", "https://dataphin.example/ops/tasks/42" },
        { "/ops/tasks/42?tab=log#top", "/ops/tasks/42?tab=log#top" },
        { "/", "/" },
        { "HTTPS://Dataphin.Example/Ops", "https://dataphin.example/Ops" },
        { " \t/ops/tasks/42\n", "/ops/tasks/42" },
        { "\u0001https://dataphin.example/x\u0000", "https://dataphin.example/x" },
        { "ht\ttps://data\nphin.example/x", "https://dataphin.example/x" },
        { @"https:\\dataphin.example\ops\42", "https://dataphin.example/ops/42" },
        { @"/ops\tasks\42?q=a\b#c\d", @"/ops/tasks/42?q=a\b#c\d" },
        { "https://dataphin.example", "https://dataphin.example/" },
        { "https://dataphin.example?x=1", "https://dataphin.example/?x=1" },
        { "https://dataphin.example:443/x", "https://dataphin.example/x" },
        { "http://dataphin.example:80/x", "http://dataphin.example/x" },
        { "http://dataphin.example:08080/x", "http://dataphin.example:8080/x" },
        { "https://[::1]:8443/x", "https://[::1]:8443/x" },
        { "http://10.0.0.5:8080/tasks/42", "http://10.0.0.5:8080/tasks/42" },
        { "https://xn--80ak6aa92e.com/", "https://xn--80ak6aa92e.com/" },
        { "/ops/%2F%5C/x", "/ops/%2F%5C/x" },
    };

    private const int DetailsLinkParserMax = 2048;

    [Theory]
    [MemberData(nameof(HostileLinks))]
    public void Constructor_HostileDetailsLink_R_SEC_1_IsRefusedWithTypedError(string link, string why)
    {
        var ex = Assert.Throws<UnsafeDetailsLinkException>(() =>
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "migrate", At = At, DetailsLink = link });
        Assert.Equal(link, ex.Link);
        Assert.IsAssignableFrom<UpgradeKitException>(ex);
        Assert.False(string.IsNullOrWhiteSpace(ex.Reason), why);
        Assert.DoesNotContain(ex.Message, c => char.IsControl(c)); // the message is safe to log
    }

    [Fact]
    public void HostileLinks_R_SEC_1_HoldAtLeastThirtyCases() => Assert.True(HostileLinks.Count >= 30);

    [Theory]
    [MemberData(nameof(AcceptedLinks))]
    public void Constructor_AcceptedDetailsLink_R_SEC_1_StoresTheFormTheBrowserUses(string link, string stored)
    {
        var e = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "migrate", At = At, Outcome = DataUpdateTaskOutcome.Success, DetailsLink = link };
        Assert.Equal(stored, e.DetailsLink);
        var again = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "migrate", At = At, Outcome = DataUpdateTaskOutcome.Success, DetailsLink = stored };
        Assert.Equal(e.Key, again.Key); // two spellings of one link are one event (R-TIME-9)
    }

    // Strings built from the characters the URL standard treats specially, with scheme and host words mixed in.
    private static readonly string[] Pieces =
        ["/", "\\", "\t", "\n", "\r", " ", "\u0000", "\u0001", ":", "@", "?", "#", ".", "%2F", "[", "]", "::1",
         "http", "https", "HTTP", "javascript", "data", "evil.example", "console", "x", "42", "0x7f", ":443", ":8080"];

    private static readonly string[] Starts = ["", "/", "https://", "http:", "HTTP://", @"\", " ", "\t/", "java\tscript:"];

    private static Arbitrary<string> LinkLike() =>
        (from start in Gen.Elements(Starts)
         from parts in Gen.Elements(Pieces).ListOf()
         select start + string.Concat(parts)).ToArbitrary();

    [Fact]
    public void LinkLikeGenerator_R_SEC_1_DrawsAcceptedAndRefusedLinks()
    {
        // The property below proves something only if its generator reaches both sides of the check.
        var random = new Random(12);
        var accepted = 0;
        for (var i = 0; i < 2000; i++)
        {
            var link = Starts[random.Next(Starts.Length)] + string.Concat(Enumerable.Range(0, random.Next(6)).Select(_ => Pieces[random.Next(Pieces.Length)]));
            try
            {
                _ = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "t", At = At, DetailsLink = link };
                accepted++;
            }
            catch (UnsafeDetailsLinkException)
            {
            }
        }

        Assert.InRange(accepted, 100, 1900);
    }

    [Property(MaxTest = 3000)]
    public Property Constructor_AnyLinkLikeText_R_SEC_1_IsRefusedOrStoredAsARootPathOrAnHttpUrl() =>
        Prop.ForAll(LinkLike(), link =>
        {
            string? stored;
            try
            {
                stored = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "t", At = At, DetailsLink = link }.DetailsLink!;
            }
            catch (UnsafeDetailsLinkException)
            {
                return true; // refusing is always safe; the point is what is accepted
            }

            var rootPath = stored.StartsWith('/') && !stored.StartsWith("//", StringComparison.Ordinal) && !stored.StartsWith(@"/\", StringComparison.Ordinal);
            var web = Uri.TryCreate(stored, UriKind.Absolute, out var uri) && (uri.Scheme is "http" or "https")
                && stored.StartsWith(uri.Scheme + "://", StringComparison.Ordinal) && !uri.UserInfo.Contains('@', StringComparison.Ordinal)
                && string.IsNullOrEmpty(uri.UserInfo);
            var clean = !stored.Any(char.IsControl) && stored == stored.Trim();
            var stable = new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "t", At = At, DetailsLink = stored }.DetailsLink == stored;
            return ((rootPath && !stored.StartsWith("http", StringComparison.Ordinal)) || web) && clean && stable;
        });
}
