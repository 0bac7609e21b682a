using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>Encrypts plaintext chunks into the STREAM payload, one reused buffer of one chunk.</summary>
internal sealed class AgePayloadWriter : IDisposable
{
    private readonly ChaCha20Poly1305 _aead;
    private readonly Action<byte[], int> _sink;
    private readonly byte[] _buffer = new byte[AgeFormat.EncryptedChunkSize];
    private ChunkNonce _nonce;

    /// <param name="payloadKey">The STREAM key.</param>
    /// <param name="sink">Receives each encrypted chunk (buffer, length); the buffer is reused.</param>
    public AgePayloadWriter(byte[] payloadKey, Action<byte[], int> sink)
    {
        _aead = new ChaCha20Poly1305(payloadKey);
        _sink = sink;
    }

    public void WriteChunk(ReadOnlySpan<byte> plaintext, bool last)
    {
        Span<byte> nonce = stackalloc byte[12];
        _nonce.Write(nonce, last);
        _aead.Encrypt(nonce, plaintext, _buffer.AsSpan(0, plaintext.Length), _buffer.AsSpan(plaintext.Length, AgeFormat.TagSize));
        _sink(_buffer, plaintext.Length + AgeFormat.TagSize);
        _nonce.Advance();
    }

    /// <summary>Encrypts all of <paramref name="plaintext"/>; an empty input gives one empty final chunk.</summary>
    public void WriteAll(ReadOnlySpan<byte> plaintext)
    {
        do
        {
            var take = Math.Min(plaintext.Length, AgeFormat.ChunkSize);
            WriteChunk(plaintext[..take], last: take == plaintext.Length);
            plaintext = plaintext[take..];
        }
        while (!plaintext.IsEmpty);
    }

    /// <summary>Encrypts <paramref name="source"/> to its end, reading one chunk ahead to know which chunk is last.</summary>
    public void WriteAll(Stream source)
    {
        var current = new byte[AgeFormat.ChunkSize];
        var next = new byte[AgeFormat.ChunkSize];
        try
        {
            var count = source.ReadAtLeast(current, current.Length, throwOnEndOfStream: false);
            while (true)
            {
                if (count < AgeFormat.ChunkSize)
                {
                    WriteChunk(current.AsSpan(0, count), last: true);
                    return;
                }

                var nextCount = source.ReadAtLeast(next, next.Length, throwOnEndOfStream: false);
                WriteChunk(current, last: nextCount == 0);
                if (nextCount == 0)
                {
                    return;
                }

                (current, next) = (next, current);
                count = nextCount;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current);
            CryptographicOperations.ZeroMemory(next);
        }
    }

    public void Dispose() => _aead.Dispose();
}
