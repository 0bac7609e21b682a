using System.Diagnostics.CodeAnalysis;

namespace Dataphin.UpgradeKit;

/// <summary>
/// The stable, unique identity of an upgrade record. Opaque to the host: use <see cref="ToString()"/>
/// and <see cref="Parse"/> to carry it through URLs and databases.
/// </summary>
public readonly record struct UpgradeRecordId : IComparable<UpgradeRecordId>, ISpanFormattable
{
    private readonly Guid _value;

    /// <summary>Wraps an existing identifier.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see cref="Guid.Empty"/>.</exception>
    public UpgradeRecordId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new ArgumentException("An upgrade record id cannot be the empty GUID.", nameof(value));
        }

        _value = value;
    }

    /// <summary>The underlying identifier.</summary>
    public Guid Value => _value;

    /// <summary>True for <c>default(UpgradeRecordId)</c>, which names no record.</summary>
    public bool IsEmpty => _value == Guid.Empty;

    /// <summary>Creates a new id, time-ordered (GUID version 7) at <paramref name="now"/>.</summary>
    public static UpgradeRecordId New(NodaTime.Instant now) => new(Guid.CreateVersion7(now.ToDateTimeOffset()));

    /// <summary>Parses the 32-hex-digit form written by <see cref="ToString()"/> (other GUID forms are accepted too).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not an upgrade record id.</exception>
    public static UpgradeRecordId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id)
            ? id
            : throw new FormatException($"'{text}' is not an upgrade record id (expected 32 hexadecimal digits).");
    }

    /// <summary>Tries to parse an id; false for null, garbage or the empty GUID.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out UpgradeRecordId id)
    {
        if (Guid.TryParse(text, out var guid) && guid != Guid.Empty)
        {
            id = new UpgradeRecordId(guid);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>
    /// Orders ids as their <see cref="ToString()"/> texts order ordinally, which is also how databases order a
    /// UUID or its text, so keyset paging agrees across stores.
    /// </summary>
    public int CompareTo(UpgradeRecordId other)
    {
        Span<char> left = stackalloc char[32];
        Span<char> right = stackalloc char[32];
        _value.TryFormat(left, out _, "N");
        other._value.TryFormat(right, out _, "N");
        return left.SequenceCompareTo(right);
    }

    /// <summary>The 32 lower-case hexadecimal digits of the id.</summary>
    public override string ToString() => _value.ToString("N");

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        _value.TryFormat(destination, out charsWritten, "N");

    /// <summary>Orders ids.</summary>
    public static bool operator <(UpgradeRecordId left, UpgradeRecordId right) => left.CompareTo(right) < 0;

    /// <summary>Orders ids.</summary>
    public static bool operator >(UpgradeRecordId left, UpgradeRecordId right) => left.CompareTo(right) > 0;

    /// <summary>Orders ids.</summary>
    public static bool operator <=(UpgradeRecordId left, UpgradeRecordId right) => left.CompareTo(right) <= 0;

    /// <summary>Orders ids.</summary>
    public static bool operator >=(UpgradeRecordId left, UpgradeRecordId right) => left.CompareTo(right) >= 0;
}
