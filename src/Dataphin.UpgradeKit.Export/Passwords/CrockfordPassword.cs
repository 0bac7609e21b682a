using System.Security.Cryptography;
using System.Text;

namespace Dataphin.UpgradeKit.Export.Passwords;

/// <summary>
/// Generates one-time passwords in Crockford base32 and computes the canonical form the decryptor
/// falls back to when the password was typed loosely.
/// </summary>
internal static class CrockfordPassword
{
    /// <summary>Crockford's base32 alphabet: digits and upper-case letters without I, L, O and U.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Symbols in a password: 26 × 5 bits = 130 bits, the least multiple of five above 128.</summary>
    public const int SymbolCount = 26;

    /// <summary>Symbols between hyphens.</summary>
    public const int GroupSize = 5;

    /// <summary>Bits of entropy in a generated password.</summary>
    public const int EntropyBits = SymbolCount * 5;

    /// <summary>A fresh password, e.g. <c>7K3QD-M9XRT-...-W</c>, in a char array the caller can clear.</summary>
    public static char[] Generate()
    {
        // GetItems draws each symbol uniformly from the 32-symbol alphabet (no modulo bias).
        var symbols = RandomNumberGenerator.GetItems<char>(Alphabet, SymbolCount);
        try
        {
            return Group(symbols);
        }
        finally
        {
            Array.Clear(symbols);
        }
    }

    /// <summary>
    /// The canonical form of <paramref name="text"/>: hyphens and white space removed, upper case,
    /// I and L read as 1, O read as 0, regrouped in fives. Null when a character is not in the alphabet.
    /// </summary>
    public static string? Canonicalize(ReadOnlySpan<char> text)
    {
        var symbols = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            if (raw == '-' || char.IsWhiteSpace(raw))
            {
                continue;
            }

            var c = char.ToUpperInvariant(raw) switch
            {
                'I' or 'L' => '1',
                'O' => '0',
                var other => other,
            };

            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }

            symbols.Append(c);
        }

        if (symbols.Length == 0)
        {
            return null;
        }

        var chars = new char[symbols.Length];
        symbols.CopyTo(0, chars, chars.Length);
        return new string(Group(chars));
    }

    private static char[] Group(ReadOnlySpan<char> symbols)
    {
        var groups = (symbols.Length + GroupSize - 1) / GroupSize;
        var result = new char[symbols.Length + groups - 1];
        var at = 0;
        for (var i = 0; i < symbols.Length; i++)
        {
            if (i > 0 && i % GroupSize == 0)
            {
                result[at++] = '-';
            }

            result[at++] = symbols[i];
        }

        return result;
    }
}
