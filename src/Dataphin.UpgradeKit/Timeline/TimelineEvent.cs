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
/// <remarks>
/// Built with an object initializer, for example
/// <c>new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "migrate-lineage", At = now, Outcome = DataUpdateTaskOutcome.Success }</c>.
/// Each property is checked as it is set, against the others already set, so an outcome or a link on a kind that has
/// none is refused in whatever order they are written. A finished data-update task written without its outcome is
/// refused when it is reported or appended to a store.
/// </remarks>
public sealed record TimelineEvent
{
    private readonly TimelineEventKind _kind;
    private readonly bool _hasKind;
    private readonly string _subject = "";
    private readonly DataUpdateTaskOutcome? _outcome;
    private readonly string? _detailsLink;

    /// <summary>What happened.</summary>
    /// <exception cref="ArgumentException">The kind is not defined, or the outcome or link already given does not fit it.</exception>
    public required TimelineEventKind Kind
    {
        get => _kind;
        init
        {
            Guard.Defined(value, nameof(Kind));
            ThrowIfOutcomeMisfits(value, _outcome, outcomeGiven: _outcome.HasValue, nameof(Outcome));
            ThrowIfLinkMisfits(value, _detailsLink, nameof(DetailsLink));
            _kind = value;
            _hasKind = true;
        }
    }

    /// <summary>To what: the service, database or data-update task name; for DataService Studio, any fixed name.</summary>
    /// <exception cref="ArgumentException">The subject is null, empty or white space.</exception>
    public required string Subject
    {
        get => _subject;
        init => _subject = Guard.NotNullOrWhiteSpace(value, nameof(Subject));
    }

    /// <summary>When it happened.</summary>
    public required Instant At { get; init; }

    /// <summary>How a data-update task finished: for <see cref="TimelineEventKind.DataUpdateTaskFinished"/> only, and required there.</summary>
    /// <exception cref="ArgumentException">The outcome is not defined, or does not fit the kind.</exception>
    public DataUpdateTaskOutcome? Outcome
    {
        get => _outcome;
        init
        {
            if (value is { } o)
            {
                Guard.Defined(o, nameof(Outcome));
            }

            if (_hasKind)
            {
                ThrowIfOutcomeMisfits(_kind, value, outcomeGiven: true, nameof(Outcome));
            }

            _outcome = value;
        }
    }

    /// <summary>
    /// For data-update tasks only: the host's link to the task's details, an absolute http or https address or a path from
    /// the root of the console's site (<c>/ops/tasks/42</c>). It is read the way a browser reads an <c>href</c> and kept
    /// as a browser would use it: C0 controls and spaces around it removed, tabs and newlines inside it removed, the
    /// scheme and host in lower case, backslashes before the query written as slashes, a default or zero-padded port
    /// written plainly, an empty path written <c>/</c>. A link already in that form is kept exactly as given.
    /// </summary>
    /// <exception cref="ArgumentException">The kind is not a data-update task's.</exception>
    /// <exception cref="UnsafeDetailsLinkException">A browser would not read the link as an http(s) address or a path from the root.</exception>
    public string? DetailsLink
    {
        get => _detailsLink;
        init
        {
            // Consoles render the link as an anchor: it is checked as the browser will read it, and stored as the browser
            // would use it, so no later reader can take it differently (R-SEC-1).
            var link = value is null ? null : DetailsLinkParser.Normalize(value);
            if (_hasKind)
            {
                ThrowIfLinkMisfits(_kind, link, nameof(DetailsLink));
            }

            _detailsLink = link;
        }
    }

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

    /// <summary>
    /// Refuses an event whose kind needs an outcome it was not given: a finished data-update task. An object
    /// initializer has no moment at which all its properties are known, so this one rule is checked where an event
    /// enters the SDK (a host's report, every store's append) rather than when it is built.
    /// </summary>
    /// <exception cref="ArgumentException">The event is a finished data-update task without its outcome.</exception>
    internal void ThrowIfIncomplete(string paramName)
    {
        if (_kind == TimelineEventKind.DataUpdateTaskFinished && _outcome is null)
        {
            throw new ArgumentException($"A finished data-update task needs its outcome (Success, Failed or Skipped): '{_subject}' at {At}.", paramName);
        }
    }

    // An outcome given (null included) must fit the kind: a finished data-update task has one, no other event has one.
    // While the outcome is not given yet (an initializer that sets it after the kind), only a present one is judged.
    private static void ThrowIfOutcomeMisfits(TimelineEventKind kind, DataUpdateTaskOutcome? outcome, bool outcomeGiven, string paramName)
    {
        var finished = kind == TimelineEventKind.DataUpdateTaskFinished;
        if (outcome.HasValue && !finished)
        {
            throw new ArgumentException($"Only a finished data-update task has an outcome, not {kind}.", paramName);
        }

        if (outcomeGiven && finished && !outcome.HasValue)
        {
            throw new ArgumentException("A finished data-update task needs its outcome (Success, Failed or Skipped).", paramName);
        }
    }

    private static void ThrowIfLinkMisfits(TimelineEventKind kind, string? detailsLink, string paramName)
    {
        if (detailsLink is not null && kind is not (TimelineEventKind.DataUpdateTaskStarted or TimelineEventKind.DataUpdateTaskFinished))
        {
            throw new ArgumentException($"Only data-update task events carry a details link, not {kind}.", paramName);
        }
    }
}
