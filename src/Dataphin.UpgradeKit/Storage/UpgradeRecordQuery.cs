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

        return ContinuationToken is null ? null : UpgradeRecordCursor.Decode(ContinuationToken);
    }

    /// <summary>True when <paramref name="record"/> passes every filter (the paging position aside).</summary>
    public bool Matches(UpgradeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Statuses is null || Statuses.Count == 0 || Statuses.Contains(record.Status))
            && (Version is not { } version || record.TargetVersion.IsNumericallyEqual(version) || record.InitialVersion.IsNumericallyEqual(version))
            && (CreatedWithin is not { } within || within.Contains(record.CreatedAt));
    }
}
