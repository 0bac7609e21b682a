using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dataphin.UpgradeKit;

/// <summary>
/// A product version such as <c>V4.3.0</c> or <c>5.1.2</c>: an optional <c>V</c>/<c>v</c> prefix and two to
/// four dot-separated numbers without leading zeros. Formatting gives back exactly the parsed text.
/// </summary>
/// <remarks>
/// Ordering is numeric, component by component, a missing component counting as zero; versions that are
/// numerically equal (<c>4.3</c> and <c>4.3.0</c>, or <c>V4.3.0</c> and <c>4.3.0</c>) are ordered by
/// component count and then by prefix so that <see cref="CompareTo"/> is zero exactly when the values are equal.
/// Use <see cref="IsNumericallyEqual"/> to ignore those spelling differences.
/// </remarks>
public readonly record struct ProductVersion : IComparable<ProductVersion>, IComparable
{
    private const int MaxComponents = 4;
    private readonly int _major;
    private readonly int _minor;
    private readonly int _patch;
    private readonly int _revision;
    private readonly byte _count;
    private readonly char _prefix;

    private ProductVersion(int major, int minor, int patch, int revision, int count, char prefix)
    {
        _major = major;
        _minor = minor;
        _patch = patch;
        _revision = revision;
        _count = (byte)count;
        _prefix = prefix;
    }

    /// <summary>The first number.</summary>
    public int Major => _major;

    /// <summary>The second number.</summary>
    public int Minor => _minor;

    /// <summary>The third number, or 0 when absent.</summary>
    public int Patch => _patch;

    /// <summary>The fourth number, or 0 when absent.</summary>
    public int Revision => _revision;

    /// <summary>How many numbers the version was written with (2 to 4; 0 for <c>default</c>).</summary>
    public int ComponentCount => _count;

    /// <summary>True when the text starts with <c>V</c> or <c>v</c>.</summary>
    public bool HasPrefix => _prefix != '\0';

    /// <summary>Parses a version.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a product version.</exception>
    public static ProductVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var version)
            ? version
            : throw new FormatException(
                $"'{text}' is not a product version: expected an optional 'V' and 2 to 4 dot-separated numbers without leading zeros, such as 'V4.3.0' or '5.1.2'.");
    }

    /// <summary>Tries to parse a version; false for null or anything <see cref="Parse"/> rejects.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ProductVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        ReadOnlySpan<char> span = text;
        var prefix = '\0';
        if (span[0] is 'V' or 'v')
        {
            prefix = span[0];
            span = span[1..];
        }

        Span<int> parts = stackalloc int[MaxComponents];
        var count = 0;
        while (true)
        {
            var dot = span.IndexOf('.');
            var part = dot < 0 ? span : span[..dot];
            if (count == MaxComponents || !TryParseComponent(part, out parts[count]))
            {
                return false;
            }

            count++;
            if (dot < 0)
            {
                break;
            }

            span = span[(dot + 1)..];
        }

        if (count < 2)
        {
            return false;
        }

        version = new ProductVersion(parts[0], parts[1], parts[2], parts[3], count, prefix);
        return true;
    }

    private static bool TryParseComponent(ReadOnlySpan<char> part, out int value)
    {
        value = 0;
        if (part.IsEmpty || (part.Length > 1 && part[0] == '0'))
        {
            return false;
        }

        foreach (var c in part)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>True when both name the same numbers, ignoring prefix and trailing zero components.</summary>
    public bool IsNumericallyEqual(ProductVersion other) => CompareNumbers(other) == 0;

    private int CompareNumbers(ProductVersion other)
    {
        var c = _major.CompareTo(other._major);
        if (c == 0) c = _minor.CompareTo(other._minor);
        if (c == 0) c = _patch.CompareTo(other._patch);
        if (c == 0) c = _revision.CompareTo(other._revision);
        return c;
    }

    /// <inheritdoc />
    public int CompareTo(ProductVersion other)
    {
        var c = CompareNumbers(other);
        if (c == 0) c = _count.CompareTo(other._count);
        if (c == 0) c = _prefix.CompareTo(other._prefix);
        return c;
    }

    /// <inheritdoc />
    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        ProductVersion other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a ProductVersion.", nameof(obj)),
    };

    /// <summary>The version exactly as it was parsed (empty for <c>default</c>).</summary>
    public override string ToString()
    {
        if (_count == 0)
        {
            return string.Empty;
        }

        var text = _count switch
        {
            2 => string.Create(CultureInfo.InvariantCulture, $"{_major}.{_minor}"),
            3 => string.Create(CultureInfo.InvariantCulture, $"{_major}.{_minor}.{_patch}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{_major}.{_minor}.{_patch}.{_revision}"),
        };
        return _prefix == '\0' ? text : _prefix + text;
    }

    /// <summary>Orders versions.</summary>
    public static bool operator <(ProductVersion left, ProductVersion right) => left.CompareTo(right) < 0;

    /// <summary>Orders versions.</summary>
    public static bool operator >(ProductVersion left, ProductVersion right) => left.CompareTo(right) > 0;

    /// <summary>Orders versions.</summary>
    public static bool operator <=(ProductVersion left, ProductVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Orders versions.</summary>
    public static bool operator >=(ProductVersion left, ProductVersion right) => left.CompareTo(right) >= 0;
}
