using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Dataphin.UpgradeKit;

/// <summary>
/// Why an operator stops, force-stops or cancels an upgrade, in their own words: 1 to <see cref="MaxLength"/>
/// characters after trimming white space, with no control characters (line breaks and tabs included) and no
/// bidirectional formatting characters (the embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, which
/// could make a reason read differently from what is stored). Characters are counted as Unicode scalar values, so a
/// Chinese character or an emoji counts as one. The text is kept exactly as given apart from the trimming; it is data,
/// never markup: a page shows it as text. Immutable; equal when the texts are equal (ordinal).
/// </summary>
public sealed class OperatorReason : IEquatable<OperatorReason>
{
    /// <summary>The most characters a reason may have after trimming.</summary>
    public const int MaxLength = 500;

    // A UTF-16 string longer than this holds more than MaxLength scalar values even after trimming a generous
    // margin of white space: it is refused without looking at every character (a 10 MB body costs nothing).
    private const int MaxInputLength = 8 * 1024;

    private OperatorReason(string text)
    {
        Text = text;
    }

    /// <summary>The reason, trimmed.</summary>
    public string Text { get; }

    /// <summary>Reads <paramref name="text"/> as a reason.</summary>
    /// <param name="text">What the operator typed.</param>
    /// <returns>The reason, trimmed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="InvalidOperatorReasonException">The text is empty, too long, or holds a character a reason may not hold.</exception>
    public static OperatorReason Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Check(text, out var reason, out var problem, out var position)
            ? reason
            : throw new InvalidOperatorReasonException(problem, position);
    }

    /// <summary>Reads <paramref name="text"/> as a reason, without throwing.</summary>
    /// <param name="text">What the operator typed; null gives false.</param>
    /// <param name="reason">The reason when the text is one, else null.</param>
    /// <returns>True when <paramref name="text"/> is a valid reason.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out OperatorReason? reason)
    {
        if (text is not null && Check(text, out reason, out _, out _))
        {
            return true;
        }

        reason = null;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(OperatorReason? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as OperatorReason);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>The reason's text.</summary>
    public override string ToString() => Text;

    private static bool Check(string text, [NotNullWhen(true)] out OperatorReason? reason, out OperatorReasonProblem problem, out int position)
    {
        reason = null;
        position = -1;
        if (text.Length > MaxInputLength)
        {
            problem = OperatorReasonProblem.TooLong;
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            problem = OperatorReasonProblem.Empty;
            return false;
        }

        var count = 0;
        var index = 0;
        while (index < trimmed.Length)
        {
            if (Rune.DecodeFromUtf16(trimmed.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                (problem, position) = (OperatorReasonProblem.InvalidCharacter, index);
                return false;
            }

            if (IsControl(rune))
            {
                (problem, position) = (OperatorReasonProblem.ControlCharacter, index);
                return false;
            }

            if (IsBidiFormatting(rune))
            {
                (problem, position) = (OperatorReasonProblem.BidirectionalFormatting, index);
                return false;
            }

            count++;
            index += consumed;
        }

        if (count > MaxLength)
        {
            problem = OperatorReasonProblem.TooLong;
            return false;
        }

        problem = OperatorReasonProblem.None;
        reason = new OperatorReason(trimmed);
        return true;
    }

    // Control characters (C0, DEL, C1) and the line and paragraph separators, which break a line as a control would.
    private static bool IsControl(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsBidiFormatting(Rune rune) => rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
