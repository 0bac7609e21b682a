using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// One raw progress event for the detailed timeline. Events are values: two reports of an equal event are the same
/// event (stores keep it once, by <see cref="Key"/>), so aggregation depends only on the set of events.
/// </summary>
public sealed record TimelineEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="subject">To what: the service, database or data-update task name; for DataService Studio, any fixed name.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="outcome">For <see cref="TimelineEventKind.DataUpdateTaskFinished"/> only, and required there.</param>
    /// <param name="detailsLink">
    /// For data-update tasks only: the host's link to the task's details, an absolute http or https address or a path from
    /// the root of the console's site (<c>/ops/tasks/42</c>). It is read the way a browser reads an <c>href</c> and kept in
    /// the form the browser would use (see <see cref="DetailsLink"/>).
    /// </param>
    /// <exception cref="ArgumentException">The subject is empty, or the outcome or link does not fit the kind.</exception>
    /// <exception cref="UnsafeDetailsLinkException">A browser would not read the link as an http(s) address or a path from the root.</exception>
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

        Kind = kind;
        Subject = subject;
        At = at;
        Outcome = outcome;

        // Consoles render the link as an anchor: it is checked as the browser will read it, and stored as the browser
        // would use it, so no later reader can take it differently (R-SEC-1).
        DetailsLink = detailsLink is null ? null : DetailsLinkParser.Normalize(detailsLink);
    }

    /// <summary>What happened.</summary>
    public TimelineEventKind Kind { get; }

    /// <summary>To what.</summary>
    public string Subject { get; }

    /// <summary>When.</summary>
    public Instant At { get; }

    /// <summary>How a data-update task finished.</summary>
    public DataUpdateTaskOutcome? Outcome { get; }

    /// <summary>
    /// The host's link to a data-update task's details, as a browser would use it: C0 controls and spaces around it
    /// removed, tabs and newlines inside it removed, the scheme and host in lower case, backslashes before the query
    /// written as slashes, a default or zero-padded port written plainly, an empty path written <c>/</c>. A link already
    /// in that form is kept exactly as given.
    /// </summary>
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
