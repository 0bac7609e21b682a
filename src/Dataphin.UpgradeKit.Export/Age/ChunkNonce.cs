using System.Buffers.Binary;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>The STREAM nonce: an 11-byte big-endian chunk counter followed by the last-chunk flag byte.</summary>
internal struct ChunkNonce
{
    private ulong _counter;

    /// <summary>Writes the nonce of the current chunk into <paramref name="nonce"/> (12 bytes).</summary>
    public readonly void Write(Span<byte> nonce, bool last)
    {
        // The top three counter bytes stay zero: 2^64 chunks of 64 KiB is beyond any file.
        nonce[..3].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce.Slice(3, 8), _counter);
        nonce[11] = last ? (byte)1 : (byte)0;
    }

    /// <summary>Moves to the next chunk.</summary>
    public void Advance() => _counter = checked(_counter + 1);

    /// <summary>True while no chunk has been completed.</summary>
    public readonly bool IsFirst => _counter == 0;
}
