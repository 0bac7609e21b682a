using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// Reads a details link the way a browser reads an <c>href</c> (WHATWG URL standard) and keeps it only when the browser
/// would land on an absolute <c>http</c>/<c>https</c> URL or on a root-relative path of the console's own origin
/// (R-SEC-1). The result is the link as the browser would use it, written out plainly, so what the SDK stores, what a
/// console renders and where the browser goes are one and the same text.
/// </summary>
/// <remarks>
/// The steps follow the standard's basic URL parser where it decides the scheme and the host: leading and trailing C0
/// controls and spaces are stripped, ASCII tab and newline are removed everywhere, the scheme is matched without regard
/// to case, and for http(s) and relative paths a backslash is a slash. On top of that the accepted language is kept
/// deliberately small, so that no accepted text depends on the page's own address or on the finer points of host
/// parsing: exactly two slashes after <c>http:</c>/<c>https:</c> (the standard ignores any number, and reads one slash
/// relative to the page when the schemes match); no user name or password; a host of ASCII letters, digits, <c>-</c>,
/// <c>_</c> and <c>.</c>, or a bracketed IPv6 address; a port of digits up to 65535; no other control characters.
/// </remarks>
internal static class DetailsLinkParser
{
    /// <summary>The longest link accepted, after the browser's clean-up (R-SEC-3: inputs are bounded).</summary>
    public const int MaxLength = 2048;

    /// <summary>Returns the link a browser would use, or throws when it would not be a web link of the console.</summary>
    /// <exception cref="UnsafeDetailsLinkException">The link is refused; the message says why.</exception>
    public static string Normalize(string link)
    {
        if (link.Length > MaxLength * 4)
        {
            throw Refuse(link, $"it is longer than {MaxLength} characters");
        }

        var text = RemoveTabsAndNewlines(StripControlsAndSpaces(link));
        if (text.Length == 0)
        {
            throw Refuse(link, "it is empty");
        }

        if (text.Length > MaxLength)
        {
            throw Refuse(link, $"it is longer than {MaxLength} characters");
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                throw Refuse(link, "it contains a control character");
            }
        }

        var scheme = SchemeOf(text);
        if (scheme is null)
        {
            return RootRelative(link, text);
        }

        var lower = scheme.ToLowerInvariant();
        if (lower is not ("http" or "https"))
        {
            throw Refuse(link, $"its scheme is '{Printable(lower)}', not http or https");
        }

        return Absolute(link, lower, text[(scheme.Length + 1)..]);
    }

    // The standard's "no scheme" branch: relative to the page. Only a path from the root is the console's own address
    // wherever the page sits; "//" or "/\" (a backslash is a slash here) would name another host.
    private static string RootRelative(string link, string text)
    {
        var normalized = SlashesInPath(text);
        if (normalized[0] != '/')
        {
            throw Refuse(link, "it is neither an absolute http(s) address nor a path from the root ('/...')");
        }

        if (normalized.Length > 1 && normalized[1] == '/')
        {
            throw Refuse(link, "it starts with two slashes, which a browser reads as another host");
        }

        return normalized;
    }

    private static string Absolute(string link, string scheme, string afterColon)
    {
        var rest = SlashesInPath(afterColon);
        if (!rest.StartsWith("//", StringComparison.Ordinal) || (rest.Length > 2 && rest[2] == '/'))
        {
            throw Refuse(link, $"{scheme}: must be followed by exactly two slashes and a host");
        }

        var authorityEnd = rest.IndexOfAny(['/', '?', '#'], 2);
        // Stryker disable once Equality : the search starts at index 2, so it finds -1 or at least 2, never 0: '< 0' and '<= 0' agree
        var authority = authorityEnd < 0 ? rest[2..] : rest[2..authorityEnd];
        // Stryker disable once Equality : as above, authorityEnd is never 0
        var tail = authorityEnd < 0 ? "/" : rest[authorityEnd..];
        if (tail[0] != '/')
        {
            tail = "/" + tail; // the browser's serialization of an empty path before a query or fragment
        }

        if (authority.Contains('@', StringComparison.Ordinal))
        {
            throw Refuse(link, "it carries a user name or password ('@' before the host)");
        }

        var (host, port) = SplitPort(link, authority);
        var portText = port is null || port == (scheme == "http" ? 80 : 443) ? string.Empty : ":" + port.Value.ToString(CultureInfo.InvariantCulture);
        return scheme + "://" + Host(link, host) + portText + tail;
    }

    // The browser drops leading zeros and the scheme's default port: so does the stored form.
    private static (string Host, int? Port) SplitPort(string link, string authority)
    {
        var bracket = authority.StartsWith('[') ? authority.IndexOf(']', StringComparison.Ordinal) : -1;
        var colon = authority.IndexOf(':', Math.Max(0, bracket));
        if (colon < 0)
        {
            return (authority, null);
        }

        var digits = authority[(colon + 1)..];
        if (digits.Length is 0 or > 5 || !digits.All(char.IsAsciiDigit) || int.Parse(digits, CultureInfo.InvariantCulture) > 65535)
        {
            throw Refuse(link, "its port is not a number from 0 to 65535");
        }

        return (authority[..colon], int.Parse(digits, CultureInfo.InvariantCulture));
    }

    private static string Host(string link, string host)
    {
        if (host.Length == 0)
        {
            throw Refuse(link, "it has no host");
        }

        if (host.StartsWith('['))
        {
            // Stryker disable once String : an unclosed bracket is refused with the same reason whatever text stands in for its inside
            var inner = host.EndsWith(']') ? host[1..^1] : string.Empty;
            if (inner.Length == 0 || !inner.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
                || !IPAddress.TryParse(inner, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw Refuse(link, "its bracketed host is not an IPv6 address");
            }

            return host.ToLowerInvariant();
        }

        if (!host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw Refuse(link, "its host has characters other than ASCII letters, digits, '-', '_' and '.' (write an international name in its xn-- form)");
        }

        // A host whose last label is a number is an IPv4 address to the browser, which reads 0x7f.1 or 2130706433 too
        // and fails on 1.2.3.999: only the plain dotted form is accepted.
        var labels = (host.EndsWith('.') ? host[..^1] : host).Split('.');
        if (labels.Any(l => l.Length == 0))
        {
            throw Refuse(link, "its host has an empty label");
        }

        var last = labels[^1]; // no label is empty from here on
        if (last.All(char.IsAsciiDigit) || last.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (labels.Length != 4 || !labels.All(l => l.Length <= 3 && l.All(char.IsAsciiDigit) && int.Parse(l, CultureInfo.InvariantCulture) <= 255
                && (l.Length == 1 || l[0] != '0')))
            {
                throw Refuse(link, "its numeric host is not a plain dotted IPv4 address");
            }
        }

        return host.ToLowerInvariant();
    }

    // For http(s) and relative URLs the standard treats "\" as "/" in the authority and the path, not in the query or
    // the fragment.
    private static string SlashesInPath(string text)
    {
        var end = text.IndexOfAny(['?', '#']);
        // Stryker disable once Equality : end is 0 only for a text starting with '?' or '#', refused either way (its first character is not '/')
        var path = end < 0 ? text : text[..end];
        return path.Replace('\\', '/') + (end < 0 ? string.Empty : text[end..]);
    }

    // The standard's scheme state: an ASCII letter, then letters, digits, '+', '-' or '.', up to a ':'.
    private static string? SchemeOf(string text)
    {
        if (!char.IsAsciiLetter(text[0]))
        {
            return null;
        }

        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ':')
            {
                return text[..i];
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return null;
            }
        }

        return null;
    }

    private static string StripControlsAndSpaces(string text)
    {
        int start = 0, end = text.Length;
        while (start < end && text[start] <= ' ')
        {
            start++;
        }

        while (end > start && text[end - 1] <= ' ')
        {
            end--;
        }

        return text[start..end];
    }

    // Replace returns the same string when there is nothing to replace.
    private static string RemoveTabsAndNewlines(string text) =>
        text.Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    private static UnsafeDetailsLinkException Refuse(string link, string reason) => new(link, reason, Printable(link));

    // Messages end up in logs: show control characters as escapes and keep the text short.
    private static string Printable(string text)
    {
        var builder = new StringBuilder();
        // Stryker disable once Equality : a text of exactly 120 characters cut at 120 is itself
        foreach (var c in text.Length > 120 ? text[..120] : text)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.Length > 120 ? builder.Append('…').ToString() : builder.ToString();
    }
}
