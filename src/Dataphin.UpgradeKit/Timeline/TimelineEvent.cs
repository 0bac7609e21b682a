using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// One raw progress event for the detailed timeline. Events are values: two reports of an equal event are the same
/// event (stores keep it once, by <see cref="Key"/>), so aggregation depends only on the set of events (R-TIME-9).
/// </summary>
public sealed record TimelineEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="subject">To what: the service, database or data-update task name; for DataService Studio, any fixed name.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="outcome">For <see cref="TimelineEventKind.DataUpdateTaskFinished"/> only, and required there.</param>
    /// <param name="detailsLink">For data-update tasks only: the host's link to the task's details, an http or https address or a relative one.</param>
    /// <exception cref="ArgumentException">The subject is empty, the outcome or link does not fit the kind, or the link has another scheme.</exception>
    public TimelineEvent(TimelineEventKind kind, string subject, Instant at, DataUpdateTaskOutcome? outcome = null, string? detailsLink = null)
    {
        Guard.Defined(kind);
        Guard.NotNullOrWhiteSpace(subject);
        if ((kind == TimelineEventKind.DataUpdateTaskFinished) != outcome.HasValue)
        {
            throw new ArgumentException(
                kind == TimelineEventKind.DataUpdateTaskFinished
                    ? "A finished data-update task needs its outcome (Success, Failed or Skipped)."
                    : $"Only a finished data-update task has an outcome, not {kind}.",
                nameof(outcome));
        }

        if (outcome is { } o)
        {
            Guard.Defined(o);
        }

        if (detailsLink is not null && kind is not (TimelineEventKind.DataUpdateTaskStarted or TimelineEventKind.DataUpdateTaskFinished))
        {
            throw new ArgumentException($"Only data-update task events carry a details link, not {kind}.", nameof(detailsLink));
        }

        if (detailsLink is not null && !IsWebLink(detailsLink))
        {
            // Consoles render the link as an anchor: a javascript: or data: address would run in the operator's browser.
            throw new ArgumentException("A details link must be an http or https address, or a relative one.", nameof(detailsLink));
        }

        Kind = kind;
        Subject = subject;
        At = at;
        Outcome = outcome;
        DetailsLink = detailsLink;
    }

    /// <summary>What happened.</summary>
    public TimelineEventKind Kind { get; }

    private static bool IsWebLink(string link)
    {
        if (string.IsNullOrWhiteSpace(link) || link.StartsWith("//", StringComparison.Ordinal) || link.StartsWith(@"\\", StringComparison.Ordinal))
        {
            return false;
        }

        if (link.StartsWith('/'))
        {
            return true; // a path on the console's own site (Unix would otherwise read it as an absolute file: URI)
        }

        return Uri.TryCreate(link, UriKind.Absolute, out var uri)
            ? uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps
            : Uri.TryCreate(link, UriKind.Relative, out _);
    }

    /// <summary>To what.</summary>
    public string Subject { get; }

    /// <summary>When.</summary>
    public Instant At { get; }

    /// <summary>How a data-update task finished.</summary>
    public DataUpdateTaskOutcome? Outcome { get; }

    /// <summary>The host's link to a data-update task's details.</summary>
    public string? DetailsLink { get; }

    /// <summary>
    /// A stable idempotency key: the hex SHA-256 of the event's canonical text. Equal events have equal keys;
    /// stores keep one event per record and key.
    /// </summary>
    public string Key
    {
        get
        {
            var canonical = string.Create(CultureInfo.InvariantCulture,
                $"{(int)Kind}\n{Subject}\n{At.ToUnixTimeTicks()}\n{(Outcome is { } o ? (int)o : 0)}\n{DetailsLink}");
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }
    }
}
