using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Decrypts the STREAM payload chunk by chunk, handing each chunk to the destination only after its
/// tag verified. The end-of-file rules follow the reference implementation: a full-size chunk is
/// first tried as a middle chunk, then as the final one; an empty final chunk is allowed only when
/// it is the only chunk; nothing may follow the final chunk.
/// </summary>
internal static class AgePayloadReader
{
    /// <returns>The number of plaintext bytes written.</returns>
    /// <exception cref="AgePayloadException">A chunk fails, the payload is truncated, or data follows the final chunk.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked before each chunk).</exception>
    public static long Decrypt(byte[] payloadKey, Stream source, Stream destination, CancellationToken cancellationToken = default) =>
        Decrypt(payloadKey, source, destination, [], cancellationToken);

    /// <summary>
    /// Decrypts straight into <paramref name="destination"/>, with no copy through a chunk buffer: .NET's
    /// ChaCha20-Poly1305 verifies a chunk's tag before it returns and clears its output when the tag fails, so what
    /// <paramref name="destination"/> holds before a chunk fails is only what verified. The caller discards it on failure.
    /// </summary>
    /// <returns>The number of plaintext bytes written.</returns>
    /// <exception cref="AgePayloadException">A chunk fails, the payload is truncated or longer than <paramref name="destination"/>, or data follows the final chunk.</exception>
    public static long DecryptInto(byte[] payloadKey, Stream source, Span<byte> destination) =>
        Decrypt(payloadKey, source, null, destination, CancellationToken.None);

    private static long Decrypt(byte[] payloadKey, Stream source, Stream? destination, Span<byte> array, CancellationToken cancellationToken)
    {
        using var aead = new ChaCha20Poly1305(payloadKey);
        var input = new byte[AgeFormat.EncryptedChunkSize];
        var plain = destination is null ? [] : new byte[AgeFormat.ChunkSize];
        var nonce = default(ChunkNonce);
        long written = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = source.ReadAtLeast(input, input.Length, throwOnEndOfStream: false);
                var into = destination is null ? Room(array, written, count) : plain;
                if (count < input.Length)
                {
                    if (count < AgeFormat.TagSize)
                    {
                        throw new AgePayloadException(count == 0 && !nonce.IsFirst
                            ? "The age payload ends without its final chunk (the file is truncated)."
                            : "The age payload is truncated: the last chunk is shorter than its tag.");
                    }

                    var length = Open(aead, nonce, input.AsSpan(0, count), into, last: true)
                        ?? throw new AgePayloadException("The final chunk of the age payload does not authenticate: the file is damaged or truncated.");
                    if (length == 0 && !nonce.IsFirst)
                    {
                        throw new AgePayloadException("The age payload ends with an empty chunk, which is only allowed for an empty file.");
                    }

                    destination?.Write(plain, 0, length);
                    return written + length;
                }

                if (Open(aead, nonce, input, into, last: false) is { } middle)
                {
                    destination?.Write(plain, 0, middle);
                    written += middle;
                    nonce.Advance();
                    continue;
                }

                var final = Open(aead, nonce, input, into, last: true)
                    ?? throw new AgePayloadException("A chunk of the age payload does not authenticate: the file is damaged.");
                destination?.Write(plain, 0, final);
                written += final;
                if (source.ReadByte() >= 0)
                {
                    throw new AgePayloadException("Data follows the final chunk of the age payload.");
                }

                return written;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Where the next chunk's plaintext goes in the caller's array, which must have room for all of it.</summary>
    private static Span<byte> Room(Span<byte> array, long written, int encryptedCount)
    {
        var needed = Math.Max(encryptedCount - AgeFormat.TagSize, 0);
        return array.Length - written >= needed
            ? array.Slice((int)written, needed)
            : throw new AgePayloadException("The age payload does not fit the length of its file: the file is damaged or truncated, or it changed while it was read.");
    }

    private static int? Open(ChaCha20Poly1305 aead, ChunkNonce nonce, ReadOnlySpan<byte> chunk, Span<byte> plain, bool last)
    {
        Span<byte> nonceBytes = stackalloc byte[12];
        nonce.Write(nonceBytes, last);
        var length = chunk.Length - AgeFormat.TagSize;
        try
        {
            aead.Decrypt(nonceBytes, chunk[..length], chunk[length..], plain[..length]);
            return length;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
