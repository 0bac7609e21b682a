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

    private static long DecryptWithFileKey(AgeHeader header, ReadOnlySpan<byte> fileKey, Stream source, Stream destination)
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

        var payloadKey = AgeKeys.PayloadKey(fileKey, nonce);
        try
        {
            return AgePayloadReader.Decrypt(payloadKey, source, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payloadKey);
        }
    }
}
