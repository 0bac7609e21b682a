using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// The age <c>scrypt</c> recipient: wraps the file key with ChaCha20-Poly1305 under
/// scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt, N = 2^logN, r = 8, p = 1).
/// scrypt comes from BouncyCastle; .NET has none.
/// </summary>
internal static class ScryptRecipient
{
    public const string Type = "scrypt";
    public const int SaltSize = 16;
    private const int BlockSize = 8;
    private const int Parallelism = 1;
    private const int WrapKeySize = 32;
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("age-encryption.org/v1/scrypt");

    /// <summary>Builds the stanza that wraps <paramref name="fileKey"/> under <paramref name="passphrase"/>.</summary>
    public static AgeStanza Wrap(ReadOnlySpan<byte> fileKey, ReadOnlySpan<char> passphrase, int workFactor)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var wrapKey = DeriveKey(passphrase, salt, workFactor);
        try
        {
            var body = new byte[AgeFormat.FileKeySize + AgeFormat.TagSize];
            using var aead = new ChaCha20Poly1305(wrapKey);
            aead.Encrypt(stackalloc byte[12], fileKey, body.AsSpan(0, AgeFormat.FileKeySize), body.AsSpan(AgeFormat.FileKeySize));
            return new AgeStanza(Type, [AgeBase64.Encode(salt), workFactor.ToString(CultureInfo.InvariantCulture)], body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKey);
        }
    }

    /// <summary>
    /// Finds the scrypt stanza, checks it completely (before any scrypt work, so a hostile work
    /// factor costs nothing) and unwraps the file key with the password, else with its alternative.
    /// </summary>
    /// <param name="stanzas">The header's recipient stanzas.</param>
    /// <param name="passwords">The password as typed, then an alternative reading of it (or null).</param>
    /// <param name="maxWorkFactor">The largest work factor accepted at all.</param>
    /// <param name="maxAlternativeWorkFactor">
    /// The largest work factor at which the alternative is tried: a second derivation is spent only where it is cheap,
    /// never at the cap (R-SEC-7), so the worst input costs one derivation at <paramref name="maxWorkFactor"/>.
    /// </param>
    /// <exception cref="AgeHeaderException">The stanza breaks a rule, or its work factor exceeds <paramref name="maxWorkFactor"/>.</exception>
    /// <exception cref="AgeWrongPasswordException">No candidate password unwraps the file key.</exception>
    public static byte[] Unwrap(IReadOnlyList<AgeStanza> stanzas, (string Typed, string? Alternative) passwords, int maxWorkFactor, int maxAlternativeWorkFactor)
    {
        var scrypt = stanzas.Where(s => s.Type == Type).ToList();
        if (scrypt.Count == 0)
        {
            throw new AgeWrongPasswordException("The file has no passphrase (scrypt) recipient, so no password can open it.");
        }

        if (stanzas.Count != 1)
        {
            throw new AgeHeaderException("An age scrypt stanza must be the only stanza in the header.");
        }

        var stanza = scrypt[0];
        if (stanza.Arguments.Count != 2)
        {
            throw new AgeHeaderException("The age scrypt stanza must have exactly two arguments: salt and work factor.");
        }

        if (!AgeBase64.TryDecode(Encoding.ASCII.GetBytes(stanza.Arguments[0]), out var salt) || salt.Length != SaltSize)
        {
            throw new AgeHeaderException("The age scrypt salt is not 16 bytes of canonical base64.");
        }

        var workFactor = ParseWorkFactor(stanza.Arguments[1], maxWorkFactor);
        if (stanza.Body.Length != AgeFormat.FileKeySize + AgeFormat.TagSize)
        {
            throw new AgeHeaderException("The age scrypt stanza body does not hold a 16-byte file key.");
        }

        string[] candidates = passwords.Alternative is { } alternative && workFactor <= maxAlternativeWorkFactor
            ? [passwords.Typed, alternative]
            : [passwords.Typed];
        foreach (var password in candidates)
        {
            var wrapKey = DeriveKey(password, salt, workFactor);
            try
            {
                using var aead = new ChaCha20Poly1305(wrapKey);
                var fileKey = new byte[AgeFormat.FileKeySize];
                try
                {
                    aead.Decrypt(stackalloc byte[12], stanza.Body.AsSpan(0, AgeFormat.FileKeySize), stanza.Body.AsSpan(AgeFormat.FileKeySize), fileKey);
                    return fileKey;
                }
                catch (CryptographicException)
                {
                    // Wrong password: try the next candidate.
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(wrapKey);
            }
        }

        throw new AgeWrongPasswordException();
    }

    /// <summary>scrypt as age uses it; internal so the RFC 7914 vectors can check the very call.</summary>
    internal static byte[] Scrypt(byte[] password, byte[] salt, int n, int r, int p, int length) =>
        SCrypt.Generate(password, salt, n, r, p, length);

    private static int ParseWorkFactor(string text, int maxWorkFactor)
    {
        // Decimal, no sign, no leading zero, as the specification's reference implementation requires.
        var wellFormed = text.Length is > 0 and <= 2 && text[0] is >= '1' and <= '9' && text.All(char.IsAsciiDigit);
        if (!wellFormed)
        {
            throw new AgeHeaderException("The age scrypt work factor is not a positive decimal number within bounds.");
        }

        var workFactor = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (workFactor > maxWorkFactor)
        {
            throw new AgeHeaderException(
                $"The age scrypt work factor {workFactor} exceeds the maximum of {maxWorkFactor} this reader accepts; the file is refused before any key derivation.");
        }

        return workFactor;
    }

    private static byte[] DeriveKey(ReadOnlySpan<char> passphrase, ReadOnlySpan<byte> salt, int workFactor)
    {
        var password = new byte[Encoding.UTF8.GetByteCount(passphrase)];
        Encoding.UTF8.GetBytes(passphrase, password);
        var fullSalt = new byte[Label.Length + salt.Length];
        Label.CopyTo(fullSalt, 0);
        salt.CopyTo(fullSalt.AsSpan(Label.Length));
        try
        {
            return Scrypt(password, fullSalt, 1 << workFactor, BlockSize, Parallelism, WrapKeySize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }
}
