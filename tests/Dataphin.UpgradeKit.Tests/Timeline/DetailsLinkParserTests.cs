using Dataphin.UpgradeKit.Timeline;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Timeline;

/// <summary>
/// The details-link check at its bounds (R-SEC-1, R-SEC-3). Expected values come from the link rules of
/// docs/timeline.md and from the standards the browser follows: the WHATWG URL standard's host and port parsing,
/// RFC 3986's port (digits) and the IPv4 dotted quad (four decimal labels of 0 to 255). The cases sit on either side of
/// each bound: the length limit, the port range, the label length and value of an IPv4 address, a trailing dot, a last
/// label that only looks numeric, an IPv6 zone, and the removal of tab, newline and carriage return.
/// </summary>
public class DetailsLinkParserTests
{
    private const int Max = 2048; // docs/timeline.md: links longer than 2,048 characters are refused

    /// <summary>Links on the accepted side of a bound, and the form the browser uses (what is stored).</summary>
    public static TheoryData<string, string, string> AcceptedAtTheBound => new()
    {
        { "/" + new string('a', Max - 1), "/" + new string('a', Max - 1), "exactly the longest link" },
        { "https://a.example:65535/x", "https://a.example:65535/x", "the highest port" },
        { "https://a.example:0/x", "https://a.example:0/x", "the lowest port (WHATWG keeps port 0)" },
        { "http://255.255.255.255/", "http://255.255.255.255/", "every IPv4 label at its highest value" },
        { "http://192.168.100.1/x", "http://192.168.100.1/x", "three-digit IPv4 labels" },
        { "http://0.0.0.0/", "http://0.0.0.0/", "every IPv4 label at its lowest value" },
        { "https://dataphin.example./x", "https://dataphin.example./x", "a fully qualified name's trailing dot (WHATWG keeps it)" },
        { "https://build.x1/", "https://build.x1/", "a last label with a digit that is not a number (WHATWG: a domain)" },
        { "https://data\rphin.example/x", "https://dataphin.example/x", "a carriage return inside is removed" },
        { "/ops\r/tasks/42", "/ops/tasks/42", "a carriage return inside a path is removed" },
        { "/o\tp\ns\r/42", "/ops/42", "tab, newline and carriage return each removed" },
        { "/ops:tasks/42", "/ops:tasks/42", "a colon in a path: a scheme starts with a letter, so this is a path" },
        { "/a+b.c-d:e", "/a+b.c-d:e", "scheme characters and a colon after the root slash: still a path" },
        { "https://[2001:db8::1]/x", "https://[2001:db8::1]/x", "a bracketed IPv6 address" },
        { "https://[2001:DB8::1]:8443/x", "https://[2001:db8::1]:8443/x", "a bracketed IPv6 address with a port, in lower case" },
    };

    /// <summary>Links just past a bound: each must be refused with the typed error, never with another exception.</summary>
    public static TheoryData<string, string> RefusedPastTheBound => new()
    {
        { "/" + new string('a', Max), "one character longer than the longest link" },
        { "https://a.example:65536/x", "the port one above the highest" },
        { "https://a.example:123456/x", "a port of six digits" },
        { "https://a.example:/x", "a colon without a port" },
        { "http://256.1.1.1/", "an IPv4 label one above 255" },
        { "http://1.2.3.4.5/", "five numeric labels" },
        { "http://1.2.3/", "three numeric labels (the browser reads 1.2.0.3)" },
        { "http://01.2.3.4/", "a leading zero (the browser reads octal)" },
        { "http://1.2.3.0255/", "a four-digit label" },
        { "http://1.2.3.99999999999/", "a label too large for any integer" },
        { "http://1a.2.3.4/", "a label of a digit and a letter before a numeric last label" },
        { "http://abc.1.2.3/", "a name before three numeric labels: the browser fails on it" },
        { "https://[fe80::1%2]/", "an IPv6 zone (the browser refuses '%' in an IPv6 address)" },
        { "https://[fe80::1%25eth0]/", "an IPv6 zone, percent-encoded" },
        { "https://[]/", "empty brackets" },
        { "https://[1.2.3.4]/", "an IPv4 address in brackets" },
        { "https://[::1]x/", "text after the closing bracket" },
    };

    [Theory]
    [MemberData(nameof(AcceptedAtTheBound))]
    public void Normalize_LinkOnTheAcceptedSideOfABound_IsStoredAsTheBrowserUsesIt_R_SEC_1(string link, string stored, string why)
    {
        Assert.True(stored == DetailsLinkParser.Normalize(link), why);
        Assert.Equal(stored, DetailsLinkParser.Normalize(stored)); // the stored form is kept as it is
    }

    [Theory]
    [MemberData(nameof(RefusedPastTheBound))]
    public void Normalize_LinkPastABound_IsRefusedWithTheTypedError_R_SEC_1(string link, string why)
    {
        var ex = Record.Exception(() => DetailsLinkParser.Normalize(link));
        var refused = Assert.IsType<UnsafeDetailsLinkException>(ex);
        Assert.Equal(link, refused.Link);
        Assert.False(string.IsNullOrWhiteSpace(refused.Reason), why);
    }

    [Fact]
    public void Normalize_SpacesAroundALinkOfTheLongestLength_AreStrippedBeforeTheLengthIsCounted_R_SEC_1()
    {
        // The browser strips spaces around a link, so they are not part of it; the raw text is still bounded (below).
        var link = "/" + new string('a', Max - 1);
        var padded = new string(' ', Max / 2) + link + new string(' ', Max / 2);

        Assert.Equal(link, DetailsLinkParser.Normalize(padded));
    }

    [Fact]
    public void Normalize_RawTextFarLongerThanTheBound_IsRefusedBeforeItIsCleaned_R_SEC_3()
    {
        // R-SEC-3: an input is bounded before it is worked on. Spaces the clean-up would strip do not make an
        // unbounded text acceptable.
        var link = "/x" + new string(' ', Max * 8);

        var ex = Assert.Throws<UnsafeDetailsLinkException>(() => DetailsLinkParser.Normalize(link));

        Assert.Contains("longer than", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("2048", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_RawTextOfFourTimesTheBound_IsCleanedAndAccepted_ButOneMoreCharacterIsRefused_R_SEC_3()
    {
        // The raw text may carry up to three times the bound again in stripped spaces and removed tabs and newlines
        // (docs/timeline.md); past that it is refused unread.
        var link = "/" + new string('a', Max - 1);
        var padding = new string(' ', (Max * 4) - link.Length);

        Assert.Equal(link, DetailsLinkParser.Normalize(link + padding));
        Assert.Throws<UnsafeDetailsLinkException>(() => DetailsLinkParser.Normalize(link + padding + " "));
    }

    [Theory]
    [InlineData("https:///evil.example/", "two slashes")]
    [InlineData("https://ops.example@evil.example/", "user name or password")]
    [InlineData("https://user@evil.example/", "user name or password")]
    [InlineData("https://:443/x", "no host")]
    [InlineData("https://a.example:65536/", "port")]
    [InlineData("https://256.1.1.1/", "IPv4")]
    [InlineData("https://[fe80::1%2]/", "IPv6")]
    [InlineData("https://ops.example:80]/", "port")] // WHATWG: outside brackets the host ends at ':', so "80]" is the port
    [InlineData("svn+ssh://ops.example/", "scheme is 'svn+ssh'")] // '+', '-' and '.' are scheme characters after the first letter
    [InlineData("java script:alert(1)", "path from the root")] // a space ends the scheme state: no scheme, a relative link
    public void Normalize_RefusedLink_ReasonNamesWhatIsWrong_R_SEC_1(string link, string named)
    {
        // The Reason is what a host shows or logs: it must name the part of the link that is wrong.
        var ex = Assert.Throws<UnsafeDetailsLinkException>(() => DetailsLinkParser.Normalize(link));

        Assert.Contains(named, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_RefusedLinkWithControlCharacters_MessageShowsThemAsEscapes_R_SEC_1()
    {
        // docs/timeline.md: the message escapes control characters so it can be logged; the rest of the link is shown as given.
        var ex = Assert.Throws<UnsafeDetailsLinkException>(() => DetailsLinkParser.Normalize("/tasks/\u0000x\u007fy"));

        Assert.Contains(@"/tasks/\u0000x\u007fy", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ex.Message, char.IsControl);
    }

    [Fact]
    public void Normalize_RefusedLinkOfAnyLength_MessageShowsItWholeOrMarksTheCut_AndStaysShort_R_SEC_1()
    {
        // A refused link ends up in logs: a short one is shown whole, a long one is cut, and the cut is marked with an
        // ellipsis: never a whole link with an ellipsis, never a cut link without one.
        var shownWhole = 0;
        for (var length = 12; length <= 400; length++)
        {
            var link = "javascript:" + new string('x', length - 11);
            var message = Assert.Throws<UnsafeDetailsLinkException>(() => DetailsLinkParser.Normalize(link)).Message;
            var whole = message.Contains("'" + link, StringComparison.Ordinal);
            var cut = message.Contains('…', StringComparison.Ordinal);

            Assert.True(whole != cut, $"length {length}: whole {whole}, ellipsis {cut}");
            Assert.True(whole || message.Contains("'" + link[..100], StringComparison.Ordinal), $"length {length}: the start of the link is shown");
            Assert.True(whole || message.Length < 400, $"length {length}: message of {message.Length} characters");
            shownWhole += whole ? 1 : 0;
        }

        Assert.InRange(shownWhole, 50, 300); // both sides of the cut were reached
    }
}
