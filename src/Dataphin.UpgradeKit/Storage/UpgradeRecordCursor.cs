using System.Buffers.Text;
using System.Globalization;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// A position in one order of the records list, for keyset paging: for <see cref="UpgradeRecordSortOrder.NewestFirst"/>
/// the creation time and id of the last record seen; for a duration order that duration (<see cref="SortKey"/>) and
/// the id. Stores encode the last record of a page as a continuation token with it.
/// </summary>
/// <param name="CreatedAt">The creation time of the last record seen.</param>
/// <param name="Id">The id of the last record seen.</param>
public readonly record struct UpgradeRecordCursor(Instant CreatedAt, UpgradeRecordId Id)
{
    private const string DurationPrefix = "d";

    /// <summary>The order this position belongs to.</summary>
    /// <value>The default value is <see cref="UpgradeRecordSortOrder.NewestFirst"/>.</value>
    public UpgradeRecordSortOrder Sort { get; init; }

    /// <summary>For a duration order, the duration of the last record seen; <see cref="Duration.Zero"/> otherwise.</summary>
    public Duration SortKey { get; init; }

    /// <summary>The cursor after <paramref name="record"/> in the newest-first order.</summary>
    public static UpgradeRecordCursor After(UpgradeRecord record) => After(record, UpgradeRecordSortOrder.NewestFirst);

    /// <summary>The cursor after <paramref name="record"/> in <paramref name="sort"/>.</summary>
    /// <exception cref="ArgumentException">The order is by a duration <paramref name="record"/> does not have.</exception>
    public static UpgradeRecordCursor After(UpgradeRecord record, UpgradeRecordSortOrder sort)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (sort == UpgradeRecordSortOrder.NewestFirst)
        {
            return new UpgradeRecordCursor(record.CreatedAt, record.Id);
        }

        var key = SortKeyOf(record, sort)
            ?? throw new ArgumentException($"The record has no duration for the order {sort}.", nameof(record));
        return new UpgradeRecordCursor(record.CreatedAt, record.Id) { Sort = sort, SortKey = key };
    }

    /// <summary>
    /// The value <paramref name="sort"/> orders <paramref name="record"/> by: its upgrade or maintenance duration, null
    /// when it has none (such a record is not listed in that order); <see cref="Duration.Zero"/> for the newest-first order.
    /// </summary>
    public static Duration? SortKeyOf(UpgradeRecord record, UpgradeRecordSortOrder sort)
    {
        ArgumentNullException.ThrowIfNull(record);
        return sort switch
        {
            UpgradeRecordSortOrder.NewestFirst => Duration.Zero,
            UpgradeRecordSortOrder.LongestUpgradeFirst or UpgradeRecordSortOrder.ShortestUpgradeFirst =>
                record is { UpgradeStartedAt: { } start, UpgradeEndedAt: { } end } ? end - start : null,
            UpgradeRecordSortOrder.LongestMaintenanceFirst or UpgradeRecordSortOrder.ShortestMaintenanceFirst =>
                record is { MaintenanceStartedAt: { } start, MaintenanceEndedAt: { } end } ? end - start : null,
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "The sort order is not defined."),
        };
    }

    /// <summary>True when <paramref name="sort"/> puts larger keys and ids first.</summary>
    public static bool IsDescending(UpgradeRecordSortOrder sort) => sort switch
    {
        UpgradeRecordSortOrder.NewestFirst or UpgradeRecordSortOrder.LongestUpgradeFirst or UpgradeRecordSortOrder.LongestMaintenanceFirst => true,
        UpgradeRecordSortOrder.ShortestUpgradeFirst or UpgradeRecordSortOrder.ShortestMaintenanceFirst => false,
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "The sort order is not defined."),
    };

    /// <summary>
    /// Compares two records in <paramref name="sort"/>: negative when <paramref name="a"/> comes first. Both must have
    /// the sort's key (<see cref="SortKeyOf"/>).
    /// </summary>
    public static int Compare(UpgradeRecord a, UpgradeRecord b, UpgradeRecordSortOrder sort)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byKey = sort == UpgradeRecordSortOrder.NewestFirst
            ? a.CreatedAt.CompareTo(b.CreatedAt)
            : SortKeyOf(a, sort).GetValueOrDefault().CompareTo(SortKeyOf(b, sort).GetValueOrDefault());
        var ascending = byKey != 0 ? byKey : a.Id.CompareTo(b.Id);
        return IsDescending(sort) ? -ascending : ascending;
    }

    /// <summary>True when <paramref name="record"/> comes after this position in its order.</summary>
    public bool Precedes(UpgradeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Sort == UpgradeRecordSortOrder.NewestFirst)
        {
            return record.CreatedAt < CreatedAt || (record.CreatedAt == CreatedAt && record.Id < Id);
        }

        if (SortKeyOf(record, Sort) is not { } key)
        {
            return false;
        }

        var byKey = key.CompareTo(SortKey);
        var ascending = byKey != 0 ? byKey : record.Id.CompareTo(Id);
        return IsDescending(Sort) ? ascending < 0 : ascending > 0;
    }

    /// <summary>The opaque token for <see cref="UpgradeRecordPage.ContinuationToken"/>.</summary>
    public string Encode()
    {
        var text = Sort == UpgradeRecordSortOrder.NewestFirst
            ? string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.ToUnixTimeTicks()}:{Id}")
            : string.Create(CultureInfo.InvariantCulture, $"{DurationPrefix}{(int)Sort}:{SortKey.BclCompatibleTicks}:{CreatedAt.ToUnixTimeTicks()}:{Id}");
        return Base64Url.EncodeToString(System.Text.Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Reads a token written by <see cref="Encode"/>.</summary>
    /// <exception cref="ArgumentException">The token is not one a store issued.</exception>
    public static UpgradeRecordCursor Decode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            var text = System.Text.Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            var parts = text.Split(':');
            if (parts.Length == 2 && TryTicks(parts[0], out var ticks) && UpgradeRecordId.TryParse(parts[1], out var id))
            {
                return new UpgradeRecordCursor(Instant.FromUnixTimeTicks(ticks), id);
            }

            if (parts.Length == 4
                && parts[0].StartsWith(DurationPrefix, StringComparison.Ordinal)
                && int.TryParse(parts[0].AsSpan(DurationPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sort)
                && Enum.IsDefined((UpgradeRecordSortOrder)sort) && sort != (int)UpgradeRecordSortOrder.NewestFirst
                && TryTicks(parts[1], out var keyTicks) && keyTicks >= 0
                && TryTicks(parts[2], out var createdTicks)
                && UpgradeRecordId.TryParse(parts[3], out var sortedId))
            {
                return new UpgradeRecordCursor(Instant.FromUnixTimeTicks(createdTicks), sortedId)
                {
                    Sort = (UpgradeRecordSortOrder)sort,
                    SortKey = Duration.FromTicks(keyTicks),
                };
            }
        }
        catch (FormatException)
        {
        }
        catch (ArgumentOutOfRangeException)
        {
        }

        throw new ArgumentException("The continuation token is not one this SDK issued.", nameof(token));
    }

    private static bool TryTicks(string text, out long ticks) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ticks);
}
