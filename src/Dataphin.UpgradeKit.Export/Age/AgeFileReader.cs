using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Reads an age v1 file in the order the format's checks depend on: header syntax, recipient
/// unwrap, header MAC, payload nonce, then the STREAM payload.
/// </summary>
internal static class AgeFileReader
{
    /// <summary>Decrypts with a passphrase, trying each candidate in turn for the scrypt stanza.</summary>
    public static long Decrypt(Stream source, Stream destination, IEnumerable<string> candidatePasswords, int maxWorkFactor)
    {
        var header = AgeHeaderReader.Read(source);
        var fileKey = ScryptRecipient.Unwrap(header.Stanzas, candidatePasswords, maxWorkFactor);
        try
        {
            return DecryptWithFileKey(header, fileKey, source, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    /// <summary>Decrypts with a known file key, skipping the recipient stanzas (used by the test vectors).</summary>
    public static long DecryptWithFileKey(Stream source, ReadOnlySpan<byte> fileKey, Stream destination) =>
        DecryptWithFileKey(AgeHeaderReader.Read(source), fileKey, source, destination);

    /// <summary>
    /// Decrypts with a passphrase into one array returned only after the final chunk verified. When
    /// the source can seek, the array is allocated once at the exact plaintext size.
    /// </summary>
    public static byte[] DecryptToArray(Stream source, IEnumerable<string> candidatePasswords, int maxWorkFactor)
    {
        var header = AgeHeaderReader.Read(source);
        var fileKey = ScryptRecipient.Unwrap(header.Stanzas, candidatePasswords, maxWorkFactor);
        byte[] payloadKey;
        try
        {
            payloadKey = OpenPayload(header, fileKey, source);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }

        try
        {
            if (!source.CanSeek)
            {
                var growing = new MemoryStream();
                try
                {
                    AgePayloadReader.Decrypt(payloadKey, source, growing);
                    return growing.ToArray();
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(growing.GetBuffer());
                }
            }

            var length = PlaintextLength(source.Length - source.Position);
            var plaintext = new byte[length];
            try
            {
                AgePayloadReader.Decrypt(payloadKey, source, new MemoryStream(plaintext, writable: true));
                return plaintext;
            }
            catch
            {
                CryptographicOperations.ZeroMemory(plaintext);
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payloadKey);
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

    private static long DecryptWithFileKey(AgeHeader header, ReadOnlySpan<byte> fileKey, Stream source, Stream destination)
    {
        var payloadKey = OpenPayload(header, fileKey, source);
        try
        {
            return AgePayloadReader.Decrypt(payloadKey, source, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payloadKey);
        }
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
