using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>Which records a list page holds. All filters are optional and combine with "and".</summary>
public sealed record UpgradeRecordQuery
{
    /// <summary>The largest page a store serves.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Only records in one of these statuses; null or empty for all.</summary>
    public IReadOnlyCollection<UpgradeStatus>? Statuses { get; init; }

    /// <summary>Only records whose target or initial version is numerically equal to this one.</summary>
    public ProductVersion? Version { get; init; }

    /// <summary>Only records created within this interval (start inclusive, end exclusive).</summary>
    public Interval? CreatedWithin { get; init; }

    /// <summary>Only records in one of these upgrade modes; null or empty for all.</summary>
    public IReadOnlyCollection<UpgradeMode>? Modes { get; init; }

    /// <summary>Only records whose target version is numerically at least this one.</summary>
    public ProductVersion? TargetVersionFrom { get; init; }

    /// <summary>Only records whose target version is numerically at most this one.</summary>
    public ProductVersion? TargetVersionTo { get; init; }

    /// <summary>Only records whose initial version is numerically at least this one.</summary>
    public ProductVersion? InitialVersionFrom { get; init; }

    /// <summary>Only records whose initial version is numerically at most this one.</summary>
    public ProductVersion? InitialVersionTo { get; init; }

    /// <summary>Only records whose upgrade started within this interval (start inclusive, end exclusive).</summary>
    public Interval? StartedWithin { get; init; }

    /// <summary>Only records whose upgrade ended within this interval (start inclusive, end exclusive).</summary>
    public Interval? FinishedWithin { get; init; }

    /// <summary>
    /// Only records this operator created or acted on (any audited request of theirs, refused ones included); null for all.
    /// </summary>
    public string? Operator { get; init; }

    /// <summary>Only records whose status falls in one of these outcome categories; null or empty for all.</summary>
    public IReadOnlyCollection<UpgradeOutcomeCategory>? Outcomes { get; init; }

    /// <summary>The order of the list. An order by a duration lists only the records that have that duration.</summary>
    /// <value>The default value is <see cref="UpgradeRecordSortOrder.NewestFirst"/>.</value>
    public UpgradeRecordSortOrder Sort { get; init; }

    /// <summary>How many records a page holds, 1 to <see cref="MaxPageSize"/>.</summary>
    /// <value>The default value is 20.</value>
    public int PageSize { get; init; } = 20;

    /// <summary>The <see cref="UpgradeRecordPage.ContinuationToken"/> of the previous page; null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Checks the query and decodes its continuation token.</summary>
    /// <exception cref="ArgumentException">The page size is out of range or the token is not one a store issued.</exception>
    public UpgradeRecordCursor? Validate()
    {
        if (PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentException($"PageSize must be between 1 and {MaxPageSize}; it is {PageSize}.", nameof(PageSize));
        }

        if (Version is { ComponentCount: 0 })
        {
            throw new ArgumentException("Version is the default value; give a parsed version or null.", nameof(Version));
        }

        foreach (var (name, value) in new[]
        {
            (nameof(TargetVersionFrom), TargetVersionFrom), (nameof(TargetVersionTo), TargetVersionTo),
            (nameof(InitialVersionFrom), InitialVersionFrom), (nameof(InitialVersionTo), InitialVersionTo),
        })
        {
            if (value is { ComponentCount: 0 })
            {
                throw new ArgumentException($"{name} is the default value; give a parsed version or null.", name);
            }
        }

        if (TargetVersionFrom is { } targetFrom && TargetVersionTo is { } targetTo && CompareNumerically(targetFrom, targetTo) > 0)
        {
            throw new ArgumentException($"TargetVersionFrom ({targetFrom}) is above TargetVersionTo ({targetTo}).", nameof(TargetVersionFrom));
        }

        if (InitialVersionFrom is { } initialFrom && InitialVersionTo is { } initialTo && CompareNumerically(initialFrom, initialTo) > 0)
        {
            throw new ArgumentException($"InitialVersionFrom ({initialFrom}) is above InitialVersionTo ({initialTo}).", nameof(InitialVersionFrom));
        }

        if (Operator is not null && string.IsNullOrWhiteSpace(Operator))
        {
            throw new ArgumentException("Operator is blank; give an operator id or null.", nameof(Operator));
        }

        if (!Enum.IsDefined(Sort))
        {
            throw new ArgumentException($"Sort {(int)Sort} is not a defined order.", nameof(Sort));
        }

        foreach (var mode in Modes ?? [])
        {
            if (!Enum.IsDefined(mode))
            {
                throw new ArgumentException($"Mode {(int)mode} is not defined.", nameof(Modes));
            }
        }

        foreach (var outcome in Outcomes ?? [])
        {
            if (!Enum.IsDefined(outcome))
            {
                throw new ArgumentException($"Outcome category {(int)outcome} is not defined.", nameof(Outcomes));
            }
        }

        if (ContinuationToken is null)
        {
            return null;
        }

        var cursor = UpgradeRecordCursor.Decode(ContinuationToken);
        if (cursor.Sort != Sort)
        {
            throw new ArgumentException($"The continuation token belongs to the order {cursor.Sort}, not {Sort}.", nameof(ContinuationToken));
        }

        return cursor;
    }

    /// <summary>
    /// The statuses a record may have to pass both <see cref="Statuses"/> and <see cref="Outcomes"/>; null when
    /// neither filters.
    /// </summary>
    public IReadOnlyCollection<UpgradeStatus>? EffectiveStatuses()
    {
        IEnumerable<UpgradeStatus>? statuses = Statuses is { Count: > 0 } ? Statuses.Distinct() : null;
        if (Outcomes is { Count: > 0 } outcomes)
        {
            var byOutcome = outcomes.Distinct().SelectMany(UpgradeOutcomeCategories.StatusesOf);
            statuses = statuses is null ? byOutcome : statuses.Intersect(byOutcome);
        }

        return statuses is null ? null : [.. statuses.Distinct().Order()];
    }

    /// <summary>
    /// True when <paramref name="record"/> passes every filter the record alone can answer (the paging position
    /// aside), and has the key of <see cref="Sort"/>. <see cref="Operator"/> is checked against the creator only here:
    /// whether the operator acted on the record is in the audit trail, which a store consults.
    /// </summary>
    public bool Matches(UpgradeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Statuses is null || Statuses.Count == 0 || Statuses.Contains(record.Status))
            && (Outcomes is null || Outcomes.Count == 0 || Outcomes.Contains(UpgradeOutcomeCategories.Of(record.Status)))
            && (Modes is null || Modes.Count == 0 || Modes.Contains(record.Mode))
            && (Version is not { } version || record.TargetVersion.IsNumericallyEqual(version) || record.InitialVersion.IsNumericallyEqual(version))
            && InRange(record.TargetVersion, TargetVersionFrom, TargetVersionTo)
            && InRange(record.InitialVersion, InitialVersionFrom, InitialVersionTo)
            && (CreatedWithin is not { } within || within.Contains(record.CreatedAt))
            && (StartedWithin is not { } started || (record.UpgradeStartedAt is { } start && started.Contains(start)))
            && (FinishedWithin is not { } finished || (record.UpgradeEndedAt is { } end && finished.Contains(end)))
            && UpgradeRecordCursor.SortKeyOf(record, Sort) is not null;
    }

    private static bool InRange(ProductVersion version, ProductVersion? from, ProductVersion? to) =>
        (from is not { } low || CompareNumerically(version, low) >= 0) && (to is not { } high || CompareNumerically(version, high) <= 0);

    // Numeric order: V4.3 equals 4.3.0.0, as in the version filter and the stores' version keys.
    private static int CompareNumerically(ProductVersion a, ProductVersion b) =>
        (a.Major, a.Minor, a.Patch, a.Revision).CompareTo((b.Major, b.Minor, b.Patch, b.Revision));
}
