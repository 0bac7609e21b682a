using System.Diagnostics;

namespace Dataphin.UpgradeKit.Export.Passwords;

/// <summary>
/// The one-time password of an encrypted configuration download: 26 Crockford base32
/// symbols (130 bits from <see cref="System.Security.Cryptography.RandomNumberGenerator"/>) shown in
/// hyphenated groups of five, e.g. <c>7K3QD-M9XRT-0B4NZ-EH2WA-PC5VG-S</c>. The text exactly as shown,
/// hyphens included, is the age passphrase, so <c>age -d</c> accepts it as printed.
/// </summary>
/// <remarks>
/// The value never appears in <see cref="ToString"/>, the debugger display or a log: read it only with
/// <see cref="Reveal"/>, show it to the person downloading, then <see cref="Clear"/> it. Instances are
/// not thread-safe.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class OneTimePassword : IDisposable
{
    /// <summary>The 32 symbols a password is drawn from: Crockford base32 (no I, L, O, U).</summary>
    public const string Alphabet = CrockfordPassword.Alphabet;

    /// <summary>Bits of entropy of a generated password: 130.</summary>
    public const int EntropyBits = CrockfordPassword.EntropyBits;

    private const string Redacted = "[one-time password: redacted]";

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private char[]? _value;

    internal OneTimePassword(char[] value)
    {
        _value = value;
    }

    /// <summary>True once <see cref="Clear"/> or <see cref="Dispose"/> has wiped the value.</summary>
    public bool IsCleared => _value is null;

    /// <summary>Returns the password text to show once to the person downloading.</summary>
    /// <remarks>The returned string is immutable and cannot be wiped; keep it no longer than needed.</remarks>
    /// <exception cref="ObjectDisposedException">The password has been cleared.</exception>
    public string Reveal()
    {
        ObjectDisposedException.ThrowIf(_value is null, this);
        return new string(_value);
    }

    /// <summary>Overwrites the password in memory and forgets it; later <see cref="Reveal"/> calls throw.</summary>
    public void Clear()
    {
        if (_value is not null)
        {
            Array.Clear(_value);
            _value = null;
        }
    }

    /// <summary>Same as <see cref="Clear"/>.</summary>
    public void Dispose() => Clear();

    /// <summary>Returns a redacted text, never the password.</summary>
    /// <returns><c>[one-time password: redacted]</c>.</returns>
    public override string ToString() => Redacted;

    /// <summary>Generates a fresh password from the operating system's cryptographic random source.</summary>
    internal static OneTimePassword Generate() => new(CrockfordPassword.Generate());

    /// <summary>The characters, for key derivation without an intermediate string.</summary>
    internal ReadOnlySpan<char> AsSpan()
    {
        ObjectDisposedException.ThrowIf(_value is null, this);
        return _value;
    }
}
