using Dataphin.UpgradeKit.Auditing;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// Which entries of the audit trail across records a page holds, newest first. All filters are optional and combine
/// with "and".
/// </summary>
public sealed record AuditTrailQuery
{
    /// <summary>The largest page a store serves.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Only entries of this operator (or of <see cref="AuditEntry.SystemActor"/>); null for all.</summary>
    public string? Actor { get; init; }

    /// <summary>Only entries of these operations; null or empty for all.</summary>
    public IReadOnlyCollection<UpgradeOperation>? Operations { get; init; }

    /// <summary>Only entries about this record; null for all.</summary>
    public UpgradeRecordId? RecordId { get; init; }

    /// <summary>Only applied (<see cref="AuditOutcome.Accepted"/>) or only refused entries; null for both.</summary>
    public AuditOutcome? Outcome { get; init; }

    /// <summary>Only entries written within this interval (start inclusive, end exclusive).</summary>
    public Interval? Within { get; init; }

    /// <summary>How many entries a page holds, 1 to <see cref="MaxPageSize"/>.</summary>
    /// <value>The default value is 50.</value>
    public int PageSize { get; init; } = 50;

    /// <summary>The <see cref="AuditTrailPage.ContinuationToken"/> of the previous page; null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Checks the query.</summary>
    /// <exception cref="ArgumentException">The page size is out of range, a value is not defined, or the actor is blank.</exception>
    public void Validate()
    {
        if (PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentException($"PageSize must be between 1 and {MaxPageSize}; it is {PageSize}.", nameof(PageSize));
        }

        if (Actor is not null && string.IsNullOrWhiteSpace(Actor))
        {
            throw new ArgumentException("Actor is blank; give an operator id or null.", nameof(Actor));
        }

        if (RecordId is { } id && id == default)
        {
            throw new ArgumentException("RecordId is the default value; give a record id or null.", nameof(RecordId));
        }

        if (Outcome is { } outcome && !Enum.IsDefined(outcome))
        {
            throw new ArgumentException($"Outcome {(int)outcome} is not defined.", nameof(Outcome));
        }

        foreach (var operation in Operations ?? [])
        {
            if (!Enum.IsDefined(operation))
            {
                throw new ArgumentException($"Operation {(int)operation} is not defined.", nameof(Operations));
            }
        }
    }

    /// <summary>True when <paramref name="entry"/> passes every filter (the paging position aside).</summary>
    public bool Matches(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Actor is null || string.Equals(entry.Actor, Actor, StringComparison.Ordinal))
            && (Operations is null || Operations.Count == 0 || Operations.Contains(entry.Operation))
            && (RecordId is not { } id || entry.RecordId == id)
            && (Outcome is not { } outcome || entry.Outcome == outcome)
            && (Within is not { } within || within.Contains(entry.At));
    }
}
