using System.Buffers.Text;
using System.Globalization;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// A position in the newest-first order of records (creation time descending, then id descending), for keyset
/// paging. Stores encode the last record of a page as a continuation token with it.
/// </summary>
/// <param name="CreatedAt">The creation time of the last record seen.</param>
/// <param name="Id">The id of the last record seen.</param>
public readonly record struct UpgradeRecordCursor(Instant CreatedAt, UpgradeRecordId Id)
{
    /// <summary>The cursor after <paramref name="record"/>.</summary>
    public static UpgradeRecordCursor After(UpgradeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new UpgradeRecordCursor(record.CreatedAt, record.Id);
    }

    /// <summary>True when <paramref name="record"/> comes after this position in the newest-first order.</summary>
    public bool Precedes(UpgradeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.CreatedAt < CreatedAt || (record.CreatedAt == CreatedAt && record.Id < Id);
    }

    /// <summary>The opaque token for <see cref="UpgradeRecordPage.ContinuationToken"/>.</summary>
    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.ToUnixTimeTicks()}:{Id}");
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
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && long.TryParse(text.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
                && UpgradeRecordId.TryParse(text[(colon + 1)..], out var id))
            {
                return new UpgradeRecordCursor(Instant.FromUnixTimeTicks(ticks), id);
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
}
