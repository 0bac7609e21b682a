using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Passes writes through to the destination and measures them as they go (length and SHA-256), so the audit's hash
/// is of exactly the bytes handed out, computed while each chunk is still in cache, without reading anything back
/// (R-CFG-5). Does not own the destination.
/// </summary>
internal sealed class MeasuredStream(Stream destination) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>How many bytes were written.</summary>
    public long Written { get; private set; }

    /// <summary>The SHA-256 of everything written; call once, at the end.</summary>
    public byte[] Sha256() => _hash.GetHashAndReset();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        destination.Write(buffer);
        _hash.AppendData(buffer);
        Written += buffer.Length;
    }

    public override void Flush() => destination.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
