using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Reads an age v1 file, binary or ASCII-armored, in the order the format's checks depend on: armor, header syntax,
/// recipient unwrap, header MAC, payload nonce, then the STREAM payload.
/// </summary>
internal static class AgeFileReader
{
    /// <summary>
    /// Reads and checks everything before the payload, scrypt included, so that a caller can create its output only
    /// once the password is known to be right.
    /// </summary>
    public static AgePayload Open(Stream source, (string Typed, string? Alternative) passwords, int maxWorkFactor, int maxAlternativeWorkFactor)
    {
        var binary = AgeArmor.Unwrap(source);
        var header = AgeHeaderReader.Read(binary);
        var fileKey = ScryptRecipient.Unwrap(header.Stanzas, passwords, maxWorkFactor, maxAlternativeWorkFactor);
        try
        {
            return new AgePayload(binary, OpenPayload(header, fileKey, binary));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    /// <summary>Decrypts with a known file key, skipping the recipient stanzas (used by the test vectors).</summary>
    public static long DecryptWithFileKey(Stream source, ReadOnlySpan<byte> fileKey, Stream destination)
    {
        var binary = AgeArmor.Unwrap(source);
        var header = AgeHeaderReader.Read(binary);
        using var payload = new AgePayload(binary, OpenPayload(header, fileKey, binary));
        return payload.DecryptTo(destination);
    }

    /// <summary>
    /// Decrypts into one array returned only after the final chunk verified. When the source can seek (and is not
    /// armored), the array is allocated once at the exact plaintext size.
    /// </summary>
    public static byte[] DecryptToArray(AgePayload payload)
    {
        if (!payload.Source.CanSeek)
        {
            var growing = new MemoryStream();
            try
            {
                payload.DecryptTo(growing);
                return growing.ToArray();
            }
            finally
            {
                CryptographicOperations.ZeroMemory(growing.GetBuffer());
            }
        }

        // Not zeroed first: every byte is written by the decryption or the array is cleared and dropped below.
        var plaintext = GC.AllocateUninitializedArray<byte>(PlaintextLength(payload.Source.Length - payload.Source.Position));
        try
        {
            if (payload.DecryptInto(plaintext) != plaintext.Length)
            {
                throw new AgePayloadException("The age payload is shorter than its size said: the file changed while it was read.");
            }

            return plaintext;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
    }

    /// <summary>The plaintext size of a well-formed payload of <paramref name="encryptedLength"/> bytes after the nonce.</summary>
    internal static int PlaintextLength(long encryptedLength)
    {
        if (encryptedLength <= AgeFormat.TagSize)
        {
            return 0;
        }

        var chunks = ((encryptedLength - 1) / AgeFormat.EncryptedChunkSize) + 1;
        var length = encryptedLength - (chunks * AgeFormat.TagSize);
        return length <= Array.MaxLength
            ? (int)length
            : throw new NotSupportedException("The file is too large to decrypt into one array; decrypt it to a stream or a file instead.");
    }

    /// <summary>Verifies the header MAC, reads the payload nonce and derives the STREAM key.</summary>
    private static byte[] OpenPayload(AgeHeader header, ReadOnlySpan<byte> fileKey, Stream source)
    {
        var expected = AgeKeys.HeaderMac(fileKey, header.MacInput);
        if (!CryptographicOperations.FixedTimeEquals(expected, header.Mac))
        {
            throw new AgeHeaderMacException();
        }

        var nonce = new byte[AgeFormat.PayloadNonceSize];
        if (source.ReadAtLeast(nonce, nonce.Length, throwOnEndOfStream: false) < nonce.Length)
        {
            throw new AgeHeaderException("The age file ends before its payload nonce.");
        }

        return AgeKeys.PayloadKey(fileKey, nonce);
    }
}
